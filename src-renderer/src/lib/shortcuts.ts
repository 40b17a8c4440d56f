/**
 * The app's keyboard shortcuts: one list, which the help overlay (`?`) shows and the shell's
 * key handler acts on. Single-key shortcuts never fire while the user types in a field.
 */

export interface Shortcut {
  keys: string;
  does: string;
}

/** Every shortcut, for the help overlay (the handled ones and those of single views). */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: '/', does: 'Focus the filter of the current view’s table' },
  { keys: '?', does: 'Show or hide this list' },
  { keys: 'Esc', does: 'Close this list or a dialog; in a filter, leave it' },
  { keys: '↑ / ↓', does: 'Move through the best architectures of a run (the focused list)' },
  { keys: 'Ctrl+Enter (⌘ Enter)', does: 'Validate the config in the New-experiment editor' },
  { keys: 'Tab, first', does: 'Skip to the content, past the navigation' },
  { keys: 'Enter on a header', does: 'Sort the table by that column (again: the other way; a third time: unsorted)' },
];

export type ShortcutAction = 'filter' | 'help' | null;

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}
interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
}

const TYPING_INPUTS = new Set(['text', 'search', 'number', 'email', 'password', 'url', 'tel', '']);

/** Whether keys typed at `target` are text (an editable field), which single-key shortcuts must leave alone. */
export function isTyping(target: TargetLike | null): boolean {
  if (!target) return false;
  const tag = (target.tagName ?? '').toUpperCase();
  if (target.isContentEditable) return true;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && TYPING_INPUTS.has((target.type ?? '').toLowerCase());
}

/** What a key press asks of the shell, if anything. */
export function shortcutAction(event: KeyLike, target: TargetLike | null): ShortcutAction {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(target)) return null;
  if (event.key === '/') return 'filter';
  if (event.key === '?') return 'help';
  return null;
}
