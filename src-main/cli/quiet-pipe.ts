/**
 * `archwalk … | head`: when the reader of stdout goes away, the next write fails with EPIPE
 * (Node ignores SIGPIPE, so the error arrives as an 'error' event that nobody handles and the
 * process dies with a stack trace). The CLI ends instead the way a Unix filter killed by SIGPIPE
 * does: at once, silently, with exit status 141 (128 + SIGPIPE), so `set -o pipefail` scripts
 * see the same status as for `cat`, `grep` or `yes` in that position. Nothing is lost by
 * stopping: the store commits each write before it returns, and output nobody reads is moot.
 */

/** The exit status of a process ended by SIGPIPE, as shells report it. */
export const EXIT_READER_GONE = 141;

let installed = false;

/** Makes the CLI end quietly when the reader of its stdout (or stderr) closes; once per process. */
export function endQuietlyWhenReaderLeaves(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(EXIT_READER_GONE);
      // Any other stream failure is a real fault: keep Node's default (a stack trace, exit 1).
      throw error;
    });
  }
}
