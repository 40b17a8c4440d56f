/**
 * The compact binary NB101 table: what the official API keeps in memory after loading a
 * TFRecord (fixed stats per cell, per-repeat metrics per epoch budget), as flat typed
 * arrays sorted by hash. Loading is one read plus views, not 5 million JSON parses.
 *
 * File layout (little-endian):
 *   "NB101TBL" | u32 version | u32 header length | header JSON | sections, each 8-aligned
 * The header lists every section's offset, element type and length, the epoch budgets,
 * the repeat slots and a CRC-32C of everything after the header, checked on load.
 *
 * Metric columns are float32 when every value in them round-trips through float32 (the
 * official metrics are float32 values widened to double, so this is lossless and halves
 * the file), float64 otherwise; the header records which.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { endianness } from 'node:os';
import { crc32c } from './crc32c.ts';
import { METRIC_FIELDS, type MetricField } from './rows.ts';

export const TABLE_MAGIC = 'NB101TBL';
export const TABLE_VERSION = 1;

export interface TableSource {
  file: string;
  bytes: number;
  records: number;
}

export interface Nb101Table {
  count: number;
  /** Imported epoch budgets, ascending (e.g. [4, 12, 36, 108] or [108]). */
  epochs: number[];
  /** Repeat slots per (cell, budget); the official data has 3. */
  repeats: number;
  /** count × 16 raw digest bytes, ascending: hex order equals byte order. */
  hashes: Uint8Array;
  /** Pruned cell: vertex count. */
  vertices: Uint8Array;
  /** Pruned cell: bit x + y(y-1)/2 is the edge x → y (the official bitmask order). */
  adjacency: Uint32Array;
  /** Pruned cell: label of interior vertex v (0..2) in bits 2(v-1)..2(v-1)+1. */
  ops: Uint16Array;
  params: Int32Array;
  /** count × epochs: how many repeat slots hold data. */
  repeatCounts: Uint8Array;
  /** count × epochs × repeats per field, NaN in unused slots. */
  metrics: Record<MetricField, Float32Array | Float64Array>;
  source: TableSource | null;
}

type ElementType = 'u8' | 'u16' | 'u32' | 'i32' | 'f32' | 'f64';

interface SectionInfo {
  name: string;
  type: ElementType;
  offset: number;
  length: number;
}

interface Header {
  format: string;
  count: number;
  epochs: number[];
  repeats: number;
  bodyCrc32c: number;
  sections: SectionInfo[];
  source: TableSource | null;
}

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

function typeOf(a: TypedArray): ElementType {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Float32Array) return 'f32';
  return 'f64';
}

function view(type: ElementType, buffer: ArrayBuffer, offset: number, length: number): TypedArray {
  switch (type) {
    case 'u8':
      return new Uint8Array(buffer, offset, length);
    case 'u16':
      return new Uint16Array(buffer, offset, length);
    case 'u32':
      return new Uint32Array(buffer, offset, length);
    case 'i32':
      return new Int32Array(buffer, offset, length);
    case 'f32':
      return new Float32Array(buffer, offset, length);
    case 'f64':
      return new Float64Array(buffer, offset, length);
  }
}

const align8 = (x: number): number => (x + 7) & ~7;

function sectionsOf(t: Nb101Table): [string, TypedArray][] {
  return [
    ['hashes', t.hashes],
    ['vertices', t.vertices],
    ['adjacency', t.adjacency],
    ['ops', t.ops],
    ['params', t.params],
    ['repeatCounts', t.repeatCounts],
    ...METRIC_FIELDS.map((f): [string, TypedArray] => [f, t.metrics[f]]),
  ];
}

function requireLittleEndian(): void {
  // Sections are raw typed-array memory; a big-endian host would read them byte-swapped.
  if (endianness() !== 'LE') throw new Error('NB101 table files can only be read and written on little-endian machines');
}

/** The file's bytes, as chunks to write in order. */
export function serializeNb101Table(t: Nb101Table): Uint8Array[] {
  requireLittleEndian();
  const body: Uint8Array[] = [];
  const sections: SectionInfo[] = [];
  let bodyLength = 0;
  for (const [name, array] of sectionsOf(t)) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    sections.push({ name, type: typeOf(array), offset: bodyLength, length: array.length });
    body.push(bytes);
    const padded = align8(bytes.length);
    if (padded > bytes.length) body.push(new Uint8Array(padded - bytes.length));
    bodyLength += padded;
  }
  let crc = 0;
  for (const chunk of body) crc = crc32c(chunk, 0, chunk.length, crc);
  const makeHeader = (bodyStart: number): Uint8Array => {
    const header: Header = {
      format: 'archwalk NAS-Bench-101 table',
      count: t.count,
      epochs: t.epochs,
      repeats: t.repeats,
      bodyCrc32c: crc,
      sections: sections.map((s) => ({ ...s, offset: s.offset + bodyStart })),
      source: t.source,
    };
    return new TextEncoder().encode(JSON.stringify(header));
  };
  // Offsets inside the header depend on the header's own length: iterate to a fixed point.
  let bodyStart = 0;
  let json = makeHeader(bodyStart);
  for (;;) {
    const start = align8(16 + json.length);
    if (start === bodyStart) break;
    bodyStart = start;
    json = makeHeader(bodyStart);
  }
  const prefix = new Uint8Array(bodyStart);
  prefix.set(new TextEncoder().encode(TABLE_MAGIC), 0);
  const dv = new DataView(prefix.buffer);
  dv.setUint32(8, TABLE_VERSION, true);
  dv.setUint32(12, json.length, true);
  prefix.set(json, 16);
  return [prefix, ...body];
}

/** Writes to a temporary file next to `path`, then renames: readers never see half a table. */
export async function writeFileAtomic(path: string, chunks: Uint8Array[]): Promise<void> {
  const temp = tempPathFor(path);
  const file = await open(temp, 'wx');
  try {
    try {
      for (const chunk of chunks) {
        let written = 0;
        while (written < chunk.length) {
          const { bytesWritten } = await file.write(chunk, written, chunk.length - written);
          written += bytesWritten;
        }
      }
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

function tempPathFor(path: string): string {
  return `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
}

/** writeFileAtomic, synchronously. */
export function writeFileAtomicSync(path: string, chunks: Uint8Array[]): void {
  const temp = tempPathFor(path);
  const fd = openSync(temp, 'wx');
  try {
    try {
      for (const chunk of chunks) {
        let written = 0;
        while (written < chunk.length) written += writeSync(fd, chunk, written, chunk.length - written);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw e;
  }
}

export async function writeNb101Table(t: Nb101Table, path: string): Promise<void> {
  await writeFileAtomic(path, serializeNb101Table(t));
}

export function writeNb101TableSync(t: Nb101Table, path: string): void {
  writeFileAtomicSync(path, serializeNb101Table(t));
}

export async function readNb101Table(path: string): Promise<Nb101Table> {
  return decodeNb101Table(await readFile(path), path);
}

/** readNb101Table for callers that cannot await (a run process opens its benchmark synchronously). */
export function readNb101TableSync(path: string): Nb101Table {
  return decodeNb101Table(readFileSync(path), path);
}

/** A table file's bytes already read (`path` names it in errors); checks the CRC as it decodes. */
export function decodeNb101Table(file: Uint8Array, path: string): Nb101Table {
  requireLittleEndian();
  return parseNb101Table(file, path);
}

function parseNb101Table(file: Uint8Array, path: string): Nb101Table {
  // Typed-array views need their offsets aligned; copy in the rare case the Buffer is not.
  const bytes = file.byteOffset % 8 === 0 ? file : new Uint8Array(file);
  const fail = (what: string): never => {
    throw new Error(`${path} is not a usable NB101 table: ${what}. Re-import it from the official .tfrecord file.`);
  };
  if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== TABLE_MAGIC) fail('wrong magic bytes');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(8, true);
  if (version !== TABLE_VERSION) fail(`format version ${version}, this build reads version ${TABLE_VERSION}`);
  const headerLength = dv.getUint32(12, true);
  if (16 + headerLength > bytes.length) fail('truncated header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength))) as Header;
  } catch {
    return fail('header is not JSON');
  }
  const bodyStart = align8(16 + headerLength);
  const crc = crc32c(bytes, bodyStart, bytes.length);
  if (crc !== header.bodyCrc32c) fail(`checksum mismatch (file damaged or truncated: ${bytes.length} bytes)`);
  const found = new Map<string, TypedArray>();
  for (const s of header.sections) {
    const size = s.length * elementSize(s.type);
    if (s.offset % 8 !== 0 || s.offset + size > bytes.length) fail(`section ${s.name} lies outside the file`);
    found.set(s.name, view(s.type, bytes.buffer as ArrayBuffer, bytes.byteOffset + s.offset, s.length));
  }
  const get = <T extends TypedArray>(name: string, length: number, ...types: ElementType[]): T => {
    const a = found.get(name);
    if (a === undefined) return fail(`section ${name} is missing`);
    if (!types.includes(typeOf(a)) || a.length !== length) fail(`section ${name} has the wrong type or length`);
    return a as T;
  };
  const { count, epochs, repeats } = header;
  const slots = count * epochs.length;
  const metrics = {} as Record<MetricField, Float32Array | Float64Array>;
  for (const f of METRIC_FIELDS) metrics[f] = get<Float32Array | Float64Array>(f, slots * repeats, 'f32', 'f64');
  return {
    count,
    epochs,
    repeats,
    hashes: get<Uint8Array>('hashes', count * 16, 'u8'),
    vertices: get<Uint8Array>('vertices', count, 'u8'),
    adjacency: get<Uint32Array>('adjacency', count, 'u32'),
    ops: get<Uint16Array>('ops', count, 'u16'),
    params: get<Int32Array>('params', count, 'i32'),
    repeatCounts: get<Uint8Array>('repeatCounts', slots, 'u8'),
    metrics,
    source: header.source,
  };
}

function elementSize(type: ElementType): number {
  return type === 'u8' ? 1 : type === 'u16' ? 2 : type === 'f64' ? 8 : 4;
}
