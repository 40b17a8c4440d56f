/**
 * A small declarative schema for experiment configs. One description serves the
 * validator (errors that name the field and the allowed values), the defaults and,
 * later, the form in the renderer, so the three can never disagree.
 */

export type FieldSpec =
  | { type: 'string'; required?: boolean; default?: string; minLength?: number; maxLength?: number; doc: string }
  | { type: 'integer'; required?: boolean; default?: number; min?: number; max?: number; doc: string }
  | { type: 'number'; required?: boolean; default?: number; min?: number; max?: number; doc: string }
  | { type: 'enum'; required?: boolean; default?: string; values: readonly string[]; doc: string }
  | { type: 'boolean'; required?: boolean; default?: boolean; doc: string };

export type ObjectSpec = Record<string, FieldSpec>;

export interface ValidationIssue {
  /** Dotted path of the offending field, e.g. `searchers[1].population`. */
  path: string;
  message: string;
  /** For a syntax error: where in the text (1-based), so an editor can mark the line. */
  line?: number;
  column?: number;
}

/** What the `yaml` package's parse errors carry (structurally: shared imports no packages). */
export interface YamlErrorLike {
  message: string;
  linePos?: ReadonlyArray<{ line: number; col: number }> | undefined;
}

/**
 * One syntax issue from a YAML parse error, worded the same in the app and on the server: the parser's
 * whole sentence (its "at line L, column C:" and quoted context lines are dropped; the place is
 * given once, in front, and as numbers for the editor to mark).
 */
export function yamlSyntaxIssue(error: YamlErrorLike): ValidationIssue {
  const at = error.linePos?.[0];
  const sentence = error.message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').replace(/\s+/g, ' ').trim() || 'the text cannot be parsed';
  const where = at ? ` at line ${at.line}, column ${at.col}` : '';
  return { path: '(syntax)', message: `the config is not valid YAML or JSON${where}: ${sentence}`, ...(at ? { line: at.line, column: at.col } : {}) };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Check one scalar against its spec; returns the value to keep (with default applied). */
export function checkField(path: string, spec: FieldSpec, value: unknown, issues: ValidationIssue[]): unknown {
  if (value === undefined) {
    if (spec.default !== undefined) return spec.default;
    if (spec.required) issues.push({ path, message: `${path} is required (${spec.doc})` });
    return undefined;
  }
  switch (spec.type) {
    case 'string': {
      if (typeof value !== 'string') {
        issues.push({ path, message: `${path} must be a string, got ${describeValue(value)}` });
        return undefined;
      }
      if (spec.minLength !== undefined && value.trim().length < spec.minLength) {
        issues.push({ path, message: `${path} must not be empty` });
      }
      if (spec.maxLength !== undefined && value.length > spec.maxLength) {
        issues.push({ path, message: `${path} must be at most ${spec.maxLength} characters` });
      }
      return value;
    }
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value) || (spec.type === 'integer' && !Number.isInteger(value))) {
        issues.push({ path, message: `${path} must be ${spec.type === 'integer' ? 'an integer' : 'a number'}, got ${describeValue(value)}` });
        return undefined;
      }
      if (spec.min !== undefined && value < spec.min) {
        issues.push({ path, message: `${path} must be at least ${spec.min}, got ${value}` });
      }
      if (spec.max !== undefined && value > spec.max) {
        issues.push({ path, message: `${path} must be at most ${spec.max}, got ${value}` });
      }
      return value;
    }
    case 'enum': {
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        issues.push({ path, message: `${path} must be one of ${spec.values.join(', ')}; got ${describeValue(value)}` });
        return undefined;
      }
      return value;
    }
    case 'boolean': {
      if (typeof value !== 'boolean') {
        issues.push({ path, message: `${path} must be true or false, got ${describeValue(value)}` });
        return undefined;
      }
      return value;
    }
  }
}

/** Validate an object against a spec: unknown keys are errors that list the allowed ones. */
export function checkObject(
  path: string,
  spec: ObjectSpec,
  value: unknown,
  issues: ValidationIssue[],
  extraKeys: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isPlainObject(value)) {
    issues.push({ path: path || '(root)', message: `${path || 'the config'} must be an object, got ${describeValue(value)}` });
    return out;
  }
  const allowed = [...extraKeys, ...Object.keys(spec)];
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const where = path ? `${path}.${key}` : key;
      issues.push({ path: where, message: `unknown field ${where}; allowed fields${path ? ` of ${path}` : ''}: ${allowed.join(', ')}` });
    }
  }
  for (const [key, fieldSpec] of Object.entries(spec)) {
    const checked = checkField(path ? `${path}.${key}` : key, fieldSpec, value[key], issues);
    if (checked !== undefined) out[key] = checked;
  }
  return out;
}
