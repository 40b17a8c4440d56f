/**
 * The line tools' loop (`archwalk nb101 hash`, `nb301 neighbours`, …): one JSON line out per
 * non-blank line in. A bad line gets a JSON error line on stdout (with its 1-based number)
 * and a message on stderr; the tool keeps going and exits 1 at the end when any line was bad.
 */
import { createInterface } from 'node:readline';

/** Thrown by a line parser or handler: this line is bad input. */
export class LineError extends Error {}

export async function eachJsonLine<T>(
  label: string,
  expected: string,
  parse: (line: string) => T,
  handle: (value: T) => object | Promise<object>,
): Promise<number> {
  if (process.stdin.isTTY) process.stderr.write(`archwalk ${label}: reading ${expected} lines from stdin (Ctrl-D ends)\n`);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let out = '';
  let bad = 0;
  let lineNumber = 0;
  const flush = (): void => {
    if (out.length > 0) process.stdout.write(out);
    out = '';
  };
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let answer: object;
    let slow = false;
    try {
      const result = handle(parse(line));
      // Slow handlers (training a network) answer line by line instead of in 64 KiB blocks.
      slow = result instanceof Promise;
      answer = slow ? await result : (result as object);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      bad++;
      answer = { line: lineNumber, error: error.message };
      process.stderr.write(`archwalk ${label}: line ${lineNumber}: ${error.message}\n`);
    }
    out += `${JSON.stringify(answer)}\n`;
    if (slow || out.length > 1 << 16) flush();
  }
  flush();
  if (bad > 0) process.stderr.write(`archwalk ${label}: ${bad} of the input lines were bad (see above); exit status 1\n`);
  return bad > 0 ? 1 : 0;
}
