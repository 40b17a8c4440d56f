/**
 * The compact, checksummed NB201 table file (`.nb201`): what archwalk ships under
 * resources/nb201-* (copied into every home as registered). An import writes the JSON table
 * instead (`NAME.nb201.json`, see nb201/table.ts); openNb201Table reads either.
 *
 * Layout:
 *   "NB201TBL" | u32 LE version | SHA-256 of everything after it (32 bytes)
 *   | u32 LE header length | header JSON | deflate-raw payload
 * The header records the dataset, the training epochs, the cell count and the columns
 * present (valid, test, and where the source has them train and trainSeconds). The payload
 * holds each column's 15,625 values as float64, in the base-5 cell order of nb201Index, so a
 * value is exactly the double the CSV's decimal string parsed to: no rounding anywhere.
 * The doubles are byte-shuffled (every value's byte 0, then every byte 1, …) before
 * deflate: accuracies share their sign and exponent bytes, which then compress to almost
 * nothing, and the file is about half the size of deflating the doubles as they are.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { writeFileAtomic } from '../../io/atomic-file.ts';
import { NB201_SIZE } from '../../spaces/nb201/space.ts';
import { loadNb201Table, NB201_TABLE_FORMAT, NB201_TABLE_VERSION, type Nb201Table } from './table.ts';

const MAGIC = 'NB201TBL';
export const NB201_FILE_VERSION = 1;
const DIGEST_BYTES = 32;
const PREFIX_BYTES = MAGIC.length + 4 + DIGEST_BYTES;
const COLUMNS = ['valid', 'test', 'train', 'trainSeconds'] as const;
export type Nb201Column = (typeof COLUMNS)[number];
type Column = Nb201Column;

interface FileHeader {
  dataset: string | null;
  epochs: number | null;
  cells: number;
  /** Columns in payload order; absent columns read back as NaN. */
  columns: Column[];
}

/** Does this file start like a compact NB201 table (rather than the older JSON table)? */
export function isNb201TableFile(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && Buffer.from(bytes.subarray(0, MAGIC.length)).toString('latin1') === MAGIC;
}

/** The columns of a table that hold no value at all (the source had no such column): queries leave them out. */
export function absentNb201Columns(table: Nb201Table): Column[] {
  return COLUMNS.filter((c) => table[c].every((v) => Number.isNaN(v)));
}

export function encodeNb201TableFile(table: Nb201Table): Buffer {
  const absent = absentNb201Columns(table);
  const columns = COLUMNS.filter((c) => !absent.includes(c));
  const header: FileHeader = { dataset: table.dataset, epochs: table.epochs ?? null, cells: NB201_SIZE, columns };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const payload = Buffer.concat(columns.map((c) => shuffleDoubles(table[c])));
  const body = Buffer.concat([u32(headerBytes.length), headerBytes, deflateRawSync(payload, { level: 9 })]);
  const digest = createHash('sha256').update(body).digest();
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), u32(NB201_FILE_VERSION), digest, body]);
}

/** Decodes and checks a whole file; `path` names it in errors. */
export function decodeNb201TableFile(bytes: Uint8Array, path: string): Nb201Table {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isNb201TableFile(data)) throw new Error(`${path} is not an archwalk NAS-Bench-201 table file`);
  if (data.length < PREFIX_BYTES + 4) throw new Error(`${path} is damaged: ${data.length} bytes is too short for a table (truncated?)`);
  const version = data.readUInt32LE(MAGIC.length);
  if (version !== NB201_FILE_VERSION) throw new Error(`${path} has table file version ${version}; this archwalk reads version ${NB201_FILE_VERSION}`);
  const body = data.subarray(PREFIX_BYTES);
  const expected = data.subarray(MAGIC.length + 4, PREFIX_BYTES);
  if (!createHash('sha256').update(body).digest().equals(expected)) throw new Error(`${path} is damaged: SHA-256 checksum mismatch`);
  const headerLength = body.readUInt32LE(0);
  const header = JSON.parse(body.subarray(4, 4 + headerLength).toString('utf8')) as FileHeader;
  if (header.cells !== NB201_SIZE) throw new Error(`${path} holds ${header.cells} cells; NAS-Bench-201 has ${NB201_SIZE}`);
  const payload = inflateRawSync(body.subarray(4 + headerLength));
  const columnBytes = NB201_SIZE * 8;
  if (payload.length !== header.columns.length * columnBytes) throw new Error(`${path} is damaged: its payload holds ${payload.length} bytes, not ${header.columns.length} columns of ${NB201_SIZE} doubles`);
  const table: Nb201Table = {
    format: NB201_TABLE_FORMAT,
    version: NB201_TABLE_VERSION,
    dataset: header.dataset,
    epochs: header.epochs,
    valid: [],
    test: [],
    train: [],
    trainSeconds: [],
  };
  for (const column of COLUMNS) {
    const at = header.columns.indexOf(column);
    table[column] = at < 0 ? new Array<number>(NB201_SIZE).fill(Number.NaN) : unshuffleDoubles(payload.subarray(at * columnBytes, (at + 1) * columnBytes));
  }
  return table;
}

export function readNb201TableFile(path: string): Nb201Table {
  return decodeNb201TableFile(readFileSync(path), path);
}

/** A registered NB201 table in either format: this compact file, or the JSON table of older imports. */
export function openNb201Table(path: string): Nb201Table {
  const bytes = readFileSync(path);
  return isNb201TableFile(bytes) ? decodeNb201TableFile(bytes, path) : loadNb201Table(path);
}

export function writeNb201TableFile(table: Nb201Table, path: string): void {
  writeFileAtomic(path, encodeNb201TableFile(table));
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value);
  return out;
}

/** Little-endian doubles, byte plane by byte plane. */
function shuffleDoubles(values: readonly number[]): Buffer {
  const n = values.length;
  const raw = Buffer.alloc(n * 8);
  values.forEach((v, i) => raw.writeDoubleLE(v, i * 8));
  const out = Buffer.alloc(n * 8);
  for (let i = 0; i < n; i++) for (let b = 0; b < 8; b++) out[b * n + i] = raw[i * 8 + b]!;
  return out;
}

function unshuffleDoubles(planes: Buffer): number[] {
  const n = planes.length / 8;
  const raw = Buffer.alloc(planes.length);
  for (let i = 0; i < n; i++) for (let b = 0; b < 8; b++) raw[i * 8 + b] = planes[b * n + i]!;
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) values[i] = raw.readDoubleLE(i * 8);
  return values;
}
