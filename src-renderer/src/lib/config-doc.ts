/**
 * The New-experiment editor keeps one YAML document as the truth; the form and the text
 * are two views of it. Text edits re-parse the document; form edits change one path with
 * the `yaml` Document API, which keeps the user's comments and layout elsewhere, and the
 * text is printed again. While the text does not parse, the form is read-only.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import { validateExperimentConfig } from '#shared/config.ts';
import { yamlSyntaxIssue, type ValidationIssue } from '#shared/schema.ts';

export type PathKey = string | number;

export type Parsed = { ok: true; doc: Document; value: unknown } | { ok: false; issue: ValidationIssue };

export function parseConfigText(text: string): Parsed {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) return { ok: false, issue: yamlSyntaxIssue(error) };
  return { ok: true, doc, value: doc.toJS() as unknown };
}

/** A node for a value; lists of plain values (seeds, a grid's values) read best on one line: [0, 1, 2]. */
function createNode(doc: Document, value: unknown): Node {
  const node = doc.createNode(value);
  const flowLists = (n: unknown): void => {
    if (isSeq(n) && n.items.length > 0 && n.items.every((item) => isScalar(item))) n.flow = true;
    else if (isSeq(n) || isMap(n)) n.items.forEach((item) => flowLists(isPair(item) ? item.value : item));
  };
  flowLists(node);
  return node;
}

/** Sets (or, for undefined, removes) one value; returns the new text. */
export function setPath(doc: Document, path: readonly PathKey[], value: unknown): string {
  if (value === undefined) {
    if (doc.hasIn(path)) doc.deleteIn(path);
  } else if (isScalar(doc.getIn(path, true)) && (value === null || typeof value !== 'object')) {
    // Changing the scalar in place keeps its comment (`budget: 150   # queries per run`).
    (doc.getIn(path, true) as Scalar).value = value;
  } else {
    doc.setIn(path, createNode(doc, value));
  }
  // A map or list emptied by the removal goes too, so no `hyper: {}` is left behind.
  if (value === undefined && path.length > 1) {
    const parent = path.slice(0, -1);
    const node = doc.getIn(parent, true);
    if ((isMap(node) || isSeq(node)) && node.items.length === 0 && typeof parent[parent.length - 1] === 'string') doc.deleteIn(parent);
  }
  return String(doc);
}

/**
 * Puts `value` under `key` in place of the map entry at `path` (grid → random): the entry keeps
 * its place among its siblings, and their comments stay. An entry already named `key` goes.
 */
export function replaceKey(doc: Document, path: readonly PathKey[], key: string, value: unknown): string {
  const parent = doc.getIn(path.slice(0, -1), true);
  const old = path[path.length - 1];
  const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === old) : undefined;
  if (!isMap(parent) || !pair) return setPath(doc, [...path.slice(0, -1), key], value);
  if (key !== old) parent.delete(key);
  pair.key = doc.createNode(key);
  pair.value = createNode(doc, value);
  return String(doc);
}

/** Appends an item to a list (creating it). */
export function appendTo(doc: Document, path: readonly PathKey[], item: unknown): string {
  const node = doc.getIn(path, true);
  if (isSeq(node)) node.add(createNode(doc, item));
  else doc.setIn(path, createNode(doc, [item]));
  return String(doc);
}

/** Removes item `index` of a list. */
export function removeAt(doc: Document, path: readonly PathKey[], index: number): string {
  doc.deleteIn([...path, index]);
  return String(doc);
}

/** What a text field holds, as the config wants it: numbers as numbers, empty as "unset". */
export function fieldValue(text: string, type: 'string' | 'integer' | 'number' | 'enum' | 'boolean'): unknown {
  if (type === 'string' || type === 'enum') return text === '' ? undefined : text;
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed.replace(/_/g, ''));
  // Kept as text when it is not a number, so the validator names the field and the value.
  return Number.isFinite(n) ? n : trimmed;
}

/** How a value shows in a text field. */
export function fieldText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `seeds` as typed: "20" is a count, "0, 1, 2" (or "[0, 1, 2]") a list. */
export function parseSeedsText(text: string): unknown {
  const trimmed = text.trim().replace(/^\[|\]$/g, '');
  if (trimmed === '') return undefined;
  if (!/[,\s]/.test(trimmed)) return fieldValue(trimmed, 'integer');
  return trimmed
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((t) => fieldValue(t, 'integer'));
}

export function seedsText(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => fieldText(v)).join(', ');
  return fieldText(value);
}

/** The path of an issue as a string key: `searchers[1].population` → same. */
export function pathKey(path: readonly PathKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '');
}

/** Local checks against the shared schema: instant, field by field, while typing. */
export function localIssues(parsed: Parsed): ValidationIssue[] {
  if (!parsed.ok) return [parsed.issue];
  const result = validateExperimentConfig(parsed.value);
  return result.ok ? [] : result.issues;
}

/** Issues for one field: its own path, or (with `prefix`) anything under it, e.g. seeds[2]. */
export function issuesAt(issues: readonly ValidationIssue[], path: string, prefix = false): ValidationIssue[] {
  return issues.filter((i) => i.path === path || (prefix && (i.path.startsWith(`${path}[`) || i.path.startsWith(`${path}.`))));
}
