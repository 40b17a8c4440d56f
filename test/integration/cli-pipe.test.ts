// `archwalk … | head`: a reader that closes early ends the CLI quietly (exit 141, as a Unix
// filter killed by SIGPIPE; see src-main/cli/quiet-pipe.ts), with nothing on stderr.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIT_READER_GONE } from '../../src-main/cli/quiet-pipe.ts';
import { REPO_ROOT, tempDir } from '../helpers/data.ts';

const DARTS_V2 =
  "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  firstChunk: string;
}

/** Runs the real launcher, reads the first chunk of its stdout, then closes the pipe like `head` does. */
function readFirstChunkThenClose(args: string[], input: string): Promise<Ended> {
  const home = tempDir();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'archwalk.mjs'), ...args], {
    env: { ...process.env, ARCHWALK_HOME: home.path },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  let firstChunk = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdout.once('data', (chunk: Buffer) => {
    firstChunk = chunk.toString('utf8');
    child.stdout.destroy();
  });
  child.stdin.on('error', () => {}); // the CLI may end before it read all of its input
  child.stdin.end(input);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      home.cleanup();
      resolve({ code, signal, stderr, firstChunk });
    });
  });
}

test('nb301 neighbours | head: ends quietly with 141 when the reader goes away', async () => {
  // 400 genotypes × 120 neighbours: megabytes of lines, far more than a pipe buffers.
  const ended = await readFirstChunkThenClose(['nb301', 'neighbours'], `${DARTS_V2}\n`.repeat(400));
  assert.match(ended.firstChunk, /^\{"line":1|^\{/, 'the command did write before the reader left');
  assert.equal(ended.stderr, '', 'no stack trace, no message');
  assert.equal(ended.code, EXIT_READER_GONE);
});

test('nb101 neighbours | head: the same for NB101 cells', async () => {
  const cell = JSON.stringify({
    matrix: [[0, 1, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]],
    ops: ['input', 'conv3x3-bn-relu', 'maxpool3x3', 'conv1x1-bn-relu', 'output'],
  });
  const ended = await readFirstChunkThenClose(['nb101', 'neighbours'], `${cell}\n`.repeat(2000));
  assert.ok(ended.firstChunk.length > 0);
  assert.equal(ended.stderr, '');
  assert.equal(ended.code, EXIT_READER_GONE);
});
