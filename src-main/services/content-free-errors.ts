/**
 * An import refused through the Api says which file, where (line, field) and what is wrong,
 * never what the file holds: the parsers' messages quote offending values for the CLI user who
 * owns the file (`line 2: valid-accuracy is "root:x:0:0…", not a number`), and JSON.parse
 * quotes the start of the text it choked on. Over the Api those quotes would let a client read
 * pieces of any file the server can read, so they are replaced by a note that they are withheld.
 */

const WITHHELD = '(a value from the file, not shown)';

/** V8's JSON.parse messages that quote the text: `Unexpected token 'r', "root:x:0:0"... is not valid JSON`. */
const JSON_PARSE_QUOTE = /Unexpected token .*? is not valid JSON|"[^\n]*?"(?:\.\.\.)? is not valid JSON/gs;
const QUOTED = `(?:"(?:[^"\\\\\\n]|\\\\.)*"|'(?:[^'\\\\\\n]|\\\\.)*')`;
/** A quoted value the parsers report: `… is "…"`, `… got '…'`, `found "…"`. */
const QUOTED_VALUE = new RegExp(`\\b(is|got|found|was|value|reads?) ${QUOTED}`, 'g');
/** A quoted value as the subject: `"…" is not a NAS-Bench-201 arch string`. */
const QUOTED_SUBJECT = new RegExp(`${QUOTED}(?= (?:is not|isn't|does not|cannot|has no|is no))`, 'g');

export function withoutFileContent(message: string): string {
  return message
    .replace(JSON_PARSE_QUOTE, 'the text is not valid JSON')
    .replace(QUOTED_VALUE, `$1 ${WITHHELD}`)
    .replace(QUOTED_SUBJECT, WITHHELD);
}

/** The error, its message cleared of file content (its class and code kept, so clients can still tell kinds apart). */
export function contentFreeError(error: unknown): unknown {
  if (error instanceof Error) {
    error.message = withoutFileContent(error.message);
    return error;
  }
  return typeof error === 'string' ? withoutFileContent(error) : error;
}
