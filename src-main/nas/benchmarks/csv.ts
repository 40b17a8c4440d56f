/**
 * CSV reading shared by the table importers: line splitting, a header whose column names
 * must be unique, and strict decimal numbers. Errors from here name the line, the column
 * and the problem, and quote at most the offending field (shortened), never a whole line:
 * the file may not be a benchmark table at all, and messages travel to the Api's callers.
 */

/** Minimal RFC 4180 line splitting: quoted fields, doubled quotes; one physical line per record. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
}

/** Longest field text an error message quotes. */
const QUOTE_LIMIT = 40;

/** A field for an error message: JSON-quoted, cut to QUOTE_LIMIT characters. */
export function quoteField(text: string): string {
  return JSON.stringify(text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text);
}

/** The columns of a header line, by name. */
export interface CsvHeader {
  names: readonly string[];
  /** Index of the column, -1 when absent. */
  column(name: string): number;
}

/**
 * Parses a header line (names trimmed). Two columns with one name are refused: which one a
 * reader would use is an accident of its code, and a duplicated `valid-accuracy` once made
 * archwalk read the wrong one.
 */
export function readCsvHeader(line: string): CsvHeader {
  const names = splitCsvLine(line).map((name) => name.trim());
  const first = new Map<string, number>();
  names.forEach((name, i) => {
    const earlier = first.get(name);
    if (earlier !== undefined) {
      // Worded so that the Api's content-free errors withhold the quoted name (`is "…"`).
      throw new CsvFormatError(`line 1: the name of column ${i + 1} is ${quoteField(name)}, the name of column ${earlier + 1} too; column names must be unique`);
    }
    first.set(name, i);
  });
  return { names, column: (name) => first.get(name) ?? -1 };
}

/**
 * Decimal notation only: optional sign, digits with an optional fraction, an optional
 * exponent (`9.1e1`, `1e-05`: pandas writes small values that way). Not accepted, though
 * JavaScript's Number() would: hex/octal/binary (`0x10` became 16), `Infinity`, `NaN`,
 * empty or blank text (Number('') is 0), digit separators.
 */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a field holds, or null when it is not a finite decimal number (surrounding blanks allowed). */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** Where a field sits, for error messages: `line 12, column 14 (valid-accuracy)`. */
export function fieldPlace(lineNo: number, columnIndex: number, columnName: string): string {
  return `line ${lineNo}, column ${columnIndex + 1} (${columnName})`;
}

/** parseDecimal that throws, naming the field's place and quoting the field. */
export function requireDecimal(text: string | undefined, place: string): number {
  const value = text === undefined ? null : parseDecimal(text);
  if (value === null) throw new CsvFormatError(`${place}: ${quoteField(text ?? '')} is not a decimal number`);
  return value;
}
