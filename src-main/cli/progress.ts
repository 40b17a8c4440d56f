/** A progress bar on stderr: redrawn in place on a terminal, a line per 10 % otherwise. */
export class ProgressBar {
  private lastDecile = -1;
  private lastDraw = 0;
  private readonly stream: NodeJS.WriteStream;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.stream = stream;
  }

  update(done: number, total: number, detail: string): void {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    if (this.stream.isTTY) {
      const now = Date.now();
      if (now - this.lastDraw < 50 && fraction < 1) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round(fraction * width);
      this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${detail}\x1b[K`);
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile > this.lastDecile) {
        this.lastDecile = decile;
        this.stream.write(`${(decile * 10).toString().padStart(3)}%  ${detail}\n`);
      }
    }
  }

  end(): void {
    if (this.stream.isTTY) this.stream.write('\n');
  }
}
