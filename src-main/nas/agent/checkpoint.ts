/**
 * Agent checkpoints: one binary file holding everything needed to resume training or to
 * act — weights (online and target), Adam state, the replay buffer, RNG states, counters,
 * hyperparameters and the space name.
 *
 * Layout (version 1):
 *   "ARCHWALK-AGENT-CKPT\n"  20 bytes magic
 *   u32 LE format version
 *   u32 LE header length H
 *   H bytes JSON header (everything small, plus a table of binary sections)
 *   binary sections, each 8-byte aligned, offsets relative to the start of this area
 *   32 bytes SHA-256 of everything before it
 *
 * Written atomically: to a temp file in the same folder, fsync'ed, then renamed over the
 * target, so a run killed at any moment leaves the previous checkpoint intact. Reading
 * checks magic, version, size and checksum and says which one failed.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { SerializedParams } from '../ml/params.ts';
import type { RngState } from '../rng.ts';
import type { ActorGroupState } from './actors.ts';
import type { AgentHyperparameters, TrainCounters } from './contract.ts';
import type { LearnerState } from './learner.ts';
import type { ReplayState } from './replay.ts';

export const CHECKPOINT_MAGIC = 'ARCHWALK-AGENT-CKPT\n';
export const CHECKPOINT_VERSION = 1;
const HASH_BYTES = 32;

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export interface CheckpointData {
  spaceName: string;
  benchmarkName: string;
  encodingSize: number;
  hyper: AgentHyperparameters;
  seed: number;
  counters: TrainCounters;
  /** ML backend that wrote it (informational). */
  backend: string;
  learnerRng: RngState;
  actors: Pick<ActorGroupState, 'envRngs' | 'policyRngs'>;
  learner: LearnerState;
  replay: ReplayState | null;
  /** Distinct architectures queried during training. */
  queryHashes: string[];
  /** Distinct architectures queried per benchmark (absent in checkpoints written before multi-benchmark training). */
  visited?: Record<string, string[]>;
}

type TypedArray = Float32Array | Float64Array | Int32Array | Int16Array | Uint8Array;
const DTYPES = { f32: Float32Array, f64: Float64Array, i32: Int32Array, i16: Int16Array, u8: Uint8Array } as const;
type DType = keyof typeof DTYPES;

interface SectionEntry {
  name: string;
  dtype: DType;
  offset: number;
  length: number;
}

function dtypeOf(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Int16Array) return 'i16';
  return 'u8';
}

class SectionWriter {
  readonly entries: SectionEntry[] = [];
  readonly chunks: Uint8Array[] = [];
  size = 0;

  add(name: string, array: TypedArray): string {
    const pad = (8 - (this.size % 8)) % 8;
    if (pad) {
      this.chunks.push(new Uint8Array(pad));
      this.size += pad;
    }
    this.entries.push({ name, dtype: dtypeOf(array), offset: this.size, length: array.length });
    this.chunks.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    this.size += array.byteLength;
    return name;
  }
}

interface ParamsRef {
  names: string[];
  shapes: number[][];
  sections: string[];
}

function putParams(w: SectionWriter, prefix: string, p: SerializedParams): ParamsRef {
  return { names: p.names, shapes: p.shapes, sections: p.data.map((d, i) => w.add(`${prefix}/${p.names[i]}`, d)) };
}

/** Serialise a checkpoint to bytes (exported for tests). */
export function encodeCheckpoint(data: CheckpointData): Buffer {
  const w = new SectionWriter();
  const learner = {
    steps: data.learner.steps,
    online: putParams(w, 'online', data.learner.online),
    target: putParams(w, 'target', data.learner.target),
    adam: { step: data.learner.adam.step, m: putParams(w, 'adam.m', data.learner.adam.m), v: putParams(w, 'adam.v', data.learner.adam.v) },
  };
  let replay: Record<string, unknown> | null = null;
  if (data.replay) {
    const r = data.replay;
    replay = {
      capacity: r.capacity,
      maxNeighbours: r.maxNeighbours,
      encodingSize: r.encodingSize,
      priorityExponent: r.priorityExponent,
      size: r.size,
      cursor: r.cursor,
      added: r.added,
    };
    for (const key of ['obsIds', 'obsCounts', 'nextIds', 'nextCounts', 'actions', 'rewards', 'discounts', 'priorities', 'poolEncodings', 'poolRefs'] as const) {
      replay[key] = w.add(`replay/${key}`, r[key]);
    }
  }
  const hashes = w.add('queryHashes', new Uint8Array(Buffer.from(data.queryHashes.join('\n'), 'utf8')));
  // Per benchmark, as "name<TAB>hash" lines (benchmark names never hold a tab).
  const visitedLines = Object.entries(data.visited ?? {}).flatMap(([name, list]) => list.map((h) => `${name}\t${h}`));
  const visited = data.visited ? w.add('visited', new Uint8Array(Buffer.from(visitedLines.join('\n'), 'utf8'))) : null;
  const header = {
    format: 'archwalk-agent-checkpoint',
    version: CHECKPOINT_VERSION,
    spaceName: data.spaceName,
    benchmarkName: data.benchmarkName,
    encodingSize: data.encodingSize,
    hyper: data.hyper,
    seed: data.seed,
    counters: data.counters,
    backend: data.backend,
    learnerRng: data.learnerRng,
    actors: data.actors,
    learner,
    replay,
    queryHashes: { section: hashes, count: data.queryHashes.length },
    ...(visited !== null ? { visited: { section: visited, count: visitedLines.length, benchmarks: Object.keys(data.visited!) } } : {}),
    sections: w.entries,
    sectionBytes: w.size,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(CHECKPOINT_MAGIC.length + 8);
  prefix.write(CHECKPOINT_MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(CHECKPOINT_VERSION, CHECKPOINT_MAGIC.length);
  prefix.writeUInt32LE(headerBytes.length, CHECKPOINT_MAGIC.length + 4);
  const headerPad = Buffer.alloc((8 - ((prefix.length + headerBytes.length) % 8)) % 8);
  const body = Buffer.concat([prefix, headerBytes, headerPad, ...w.chunks]);
  const digest = createHash('sha256').update(body).digest();
  return Buffer.concat([body, digest]);
}

/** Parse bytes written by encodeCheckpoint; `where` names the file in errors. */
export function decodeCheckpoint(bytes: Buffer, where = 'checkpoint', options: { withReplay?: boolean } = {}): CheckpointData {
  const fail = (what: string): never => {
    throw new CheckpointError(`${where}: ${what}`);
  };
  const minimum = CHECKPOINT_MAGIC.length + 8 + HASH_BYTES;
  if (bytes.length < CHECKPOINT_MAGIC.length || bytes.toString('latin1', 0, CHECKPOINT_MAGIC.length) !== CHECKPOINT_MAGIC) {
    fail('is not an archwalk agent checkpoint (wrong file signature)');
  }
  if (bytes.length < minimum) fail(`is truncated (${bytes.length} bytes); the file was cut short — resume from an earlier checkpoint or retrain`);
  const version = bytes.readUInt32LE(CHECKPOINT_MAGIC.length);
  if (version !== CHECKPOINT_VERSION) fail(`has checkpoint format version ${version}; this archwalk reads version ${CHECKPOINT_VERSION}`);
  const headerLength = bytes.readUInt32LE(CHECKPOINT_MAGIC.length + 4);
  const headerStart = CHECKPOINT_MAGIC.length + 8;
  if (headerStart + headerLength + HASH_BYTES > bytes.length) fail(`is truncated (${bytes.length} bytes, header alone needs ${headerStart + headerLength + HASH_BYTES})`);
  let header: Record<string, unknown> & { sections: SectionEntry[]; sectionBytes: number };
  try {
    header = JSON.parse(bytes.toString('utf8', headerStart, headerStart + headerLength));
  } catch {
    return fail('is corrupt (its header is not valid JSON)');
  }
  const headerPad = (8 - ((headerStart + headerLength) % 8)) % 8;
  const dataStart = headerStart + headerLength + headerPad;
  const expected = dataStart + header.sectionBytes + HASH_BYTES;
  if (bytes.length < expected) fail(`is truncated (${bytes.length} bytes, expected ${expected}); the write was interrupted or the file was cut — resume from an earlier checkpoint`);
  if (bytes.length > expected) fail(`is corrupt (${bytes.length - expected} unexpected trailing bytes)`);
  const body = bytes.subarray(0, bytes.length - HASH_BYTES);
  const digest = createHash('sha256').update(body).digest();
  if (!digest.equals(bytes.subarray(bytes.length - HASH_BYTES))) fail('is corrupt (checksum mismatch): the file was modified or damaged');

  const sections = new Map(header.sections.map((s) => [s.name, s]));
  const section = (name: string): TypedArray => {
    const s = sections.get(name);
    if (!s) return fail(`is missing section ${name}`);
    const Ctor = DTYPES[s.dtype];
    const start = dataStart + s.offset;
    const copy = new Uint8Array(s.length * Ctor.BYTES_PER_ELEMENT);
    copy.set(bytes.subarray(start, start + copy.length));
    return new Ctor(copy.buffer);
  };
  const params = (ref: ParamsRef): SerializedParams => ({ names: ref.names, shapes: ref.shapes, data: ref.sections.map((s) => section(s) as Float32Array) });
  // The header holds CheckpointData with its arrays replaced by references to binary sections.
  const h = header as unknown as Omit<CheckpointData, 'learner' | 'replay' | 'queryHashes'> & {
    learner: { steps: number; online: ParamsRef; target: ParamsRef; adam: { step: number; m: ParamsRef; v: ParamsRef } };
    replay: (Record<string, string> & Record<'capacity' | 'maxNeighbours' | 'encodingSize' | 'priorityExponent' | 'size' | 'cursor' | 'added', number>) | null;
    queryHashes: { section: string; count: number };
    visited?: { section: string; count: number; benchmarks: string[] };
  };
  let replay: ReplayState | null = null;
  if (h.replay && options.withReplay !== false) {
    const r = h.replay;
    replay = {
      capacity: r.capacity,
      maxNeighbours: r.maxNeighbours,
      encodingSize: r.encodingSize,
      priorityExponent: r.priorityExponent,
      size: r.size,
      cursor: r.cursor,
      added: r.added,
      obsIds: section(r.obsIds!) as Int32Array,
      obsCounts: section(r.obsCounts!) as Int16Array,
      nextIds: section(r.nextIds!) as Int32Array,
      nextCounts: section(r.nextCounts!) as Int16Array,
      actions: section(r.actions!) as Int16Array,
      rewards: section(r.rewards!) as Float32Array,
      discounts: section(r.discounts!) as Float32Array,
      priorities: section(r.priorities!) as Float64Array,
      poolEncodings: section(r.poolEncodings!) as Float32Array,
      poolRefs: section(r.poolRefs!) as Int32Array,
    };
  }
  const hashText = Buffer.from((section(h.queryHashes.section) as Uint8Array).buffer).toString('utf8');
  const queryHashes = h.queryHashes.count === 0 ? [] : hashText.split('\n');
  let visited: Record<string, string[]> | undefined;
  if (h.visited) {
    visited = Object.fromEntries(h.visited.benchmarks.map((name) => [name, [] as string[]]));
    const text = Buffer.from((section(h.visited.section) as Uint8Array).buffer).toString('utf8');
    if (h.visited.count > 0) {
      for (const line of text.split('\n')) {
        const tab = line.indexOf('\t');
        (visited[line.slice(0, tab)] ??= []).push(line.slice(tab + 1));
      }
    }
  }
  return {
    spaceName: h.spaceName,
    benchmarkName: h.benchmarkName,
    encodingSize: h.encodingSize,
    hyper: h.hyper,
    seed: h.seed,
    counters: h.counters,
    backend: h.backend,
    learnerRng: h.learnerRng,
    actors: h.actors,
    learner: {
      steps: h.learner.steps,
      online: params(h.learner.online),
      target: params(h.learner.target),
      adam: { step: h.learner.adam.step, m: params(h.learner.adam.m), v: params(h.learner.adam.v) },
    },
    replay,
    queryHashes,
    ...(visited ? { visited } : {}),
  };
}

/** Write atomically: temp file in the same folder, fsync, rename. */
export function writeCheckpoint(path: string, data: CheckpointData): void {
  const bytes = encodeCheckpoint(data);
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'w');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    rmSync(temp, { force: true });
    throw new CheckpointError(`cannot write checkpoint ${path}: ${(error as Error).message}`);
  }
  try {
    // Make the rename itself durable.
    const dirFd = openSync(dirname(path), 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
  } catch {
    // Not every platform can fsync a directory; the rename is still atomic.
  }
}

/** `withReplay: false` skips materialising the replay buffer (loading a policy). */
/** Remove temp files left by a writer that was killed mid-write (call before training starts). */
export function removeStaleCheckpointTemps(path: string): number {
  const prefix = `.${basename(path)}.`;
  let removed = 0;
  try {
    for (const name of readdirSync(dirname(path))) {
      if (name.startsWith(prefix) && name.endsWith('.tmp')) {
        rmSync(join(dirname(path), name), { force: true });
        removed++;
      }
    }
  } catch {
    // The folder may not exist yet.
  }
  return removed;
}

export function readCheckpoint(path: string, options: { withReplay?: boolean } = {}): CheckpointData {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CheckpointError(`cannot read checkpoint ${path}: ${(error as Error).message}`);
  }
  return decodeCheckpoint(bytes, `checkpoint ${path}`, options);
}
