/**
 * A Python process that answers one line per request line, for the side-by-side benchmarks
 * (live-compare.ts against PyTorch, nb301-compare.ts against Python onnxruntime). Its first
 * output line describes it (versions, threads, BLAS); a failure to start is reported with the
 * Debian package that provides the module.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** Debian's OpenBLAS with its own threads; put first so torch (and numpy) pick it over the reference BLAS. */
export const OPENBLAS_DIR = '/usr/lib/x86_64-linux-gnu/openblas-pthread';

export interface PythonTwin {
  /** The first line the script printed. */
  banner: string;
  request(line: string): Promise<string>;
  /** Step or run times in milliseconds, as the scripts print them. */
  times(line: string): Promise<number[]>;
  close(): void;
}

export async function startPythonTwin(python: string, script: string, args: string[], needs: string): Promise<PythonTwin> {
  const env = { ...process.env, LD_LIBRARY_PATH: [OPENBLAS_DIR, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'), OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(python, [script, ...args], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`${script} ended early (is ${needs} installed for ${python}?)`);
    return value as string;
  };
  const banner = await next();
  const request = (line: string): Promise<string> => {
    child.stdin.write(`${line}\n`);
    return next();
  };
  return {
    banner,
    request,
    times: async (line) => (await request(line)).split(' ').map(Number),
    close: () => {
      child.stdin.write('QUIT\n');
      child.stdin.end();
    },
  };
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
