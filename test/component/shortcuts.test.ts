import { describe, expect, test } from 'vitest';
import { isTyping, SHORTCUTS, shortcutAction } from '../../src-renderer/src/lib/shortcuts.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('keyboard shortcuts', () => {
  test('/ asks for the filter and ? for the help, outside fields', () => {
    expect(shortcutAction(key('/'), { tagName: 'BODY' })).toBe('filter');
    expect(shortcutAction(key('?'), { tagName: 'BUTTON' })).toBe('help');
    expect(shortcutAction(key('a'), { tagName: 'BODY' })).toBeNull();
    expect(shortcutAction(key('/'), null)).toBe('filter');
  });
  test('never while typing, never with a modifier', () => {
    expect(shortcutAction(key('/'), { tagName: 'INPUT', type: 'search' })).toBeNull();
    expect(shortcutAction(key('?'), { tagName: 'TEXTAREA' })).toBeNull();
    expect(shortcutAction(key('/'), { tagName: 'DIV', isContentEditable: true })).toBeNull();
    expect(shortcutAction(key('/', { ctrlKey: true }), { tagName: 'BODY' })).toBeNull();
    // A checkbox or a button takes no text: the shortcut works there.
    expect(isTyping({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(shortcutAction(key('/'), { tagName: 'INPUT', type: 'checkbox' })).toBe('filter');
  });
  test('the help lists the handled shortcuts', () => {
    expect(SHORTCUTS.map((s) => s.keys)).toEqual(expect.arrayContaining(['/', '?', 'Esc']));
  });
});
