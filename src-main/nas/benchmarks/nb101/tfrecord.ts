/**
 * Streaming readers of TFRecord files (tf.io.TFRecordWriter framing), as the official
 * nasbench_*.tfrecord files are written:
 *
 *   u64 length (little-endian) | u32 masked CRC-32C of those 8 bytes | data | u32 masked CRC-32C of data
 *
 * Every CRC is verified, like tf_record_iterator does, so a damaged download fails with
 * the byte offset of the first bad record instead of yielding garbage. The file is read in
 * chunks; memory stays at one chunk plus one record. The async and the sync reader share
 * one framer, so they accept and refuse exactly the same files; the sync one serves
 * callers that cannot await (the benchmark registry's import) and is a little faster.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { maskedCrc32c } from './crc32c.ts';

export class TfRecordError extends Error {
  /** Byte offset (from the start of the file) of the record that is damaged. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.name = 'TfRecordError';
    this.offset = offset;
  }
}

export interface TfRecord {
  /** The record's payload; stays valid after iteration moves on. */
  data: Uint8Array;
  /** Byte offset of the record's header in the file. */
  offset: number;
}

export interface ReadOptions {
  chunkSize?: number;
  /** Called after each chunk is read with the bytes read so far. */
  onBytes?: (bytesRead: number) => void;
  /** Called with every chunk of the file, in order (e.g. to checksum the file in the same pass). */
  onChunk?: (bytes: Uint8Array) => void;
}

const HEADER = 12;
const FOOTER = 4;
/** Larger lengths mean a damaged header that happens to pass its CRC, or not TFRecord. */
const MAX_RECORD = 1 << 30;

/** What the framer asks of its reader: `need` more unconsumed bytes than it has. */
const MORE = Symbol('more');

/** The framing state machine; its owner feeds it chunks until it stops asking for MORE. */
class Framer {
  // Unconsumed bytes are buf[pos, end); buf[pos] is at file offset `offset`.
  private buf = new Uint8Array(0);
  private pos = 0;
  private end = 0;
  private offset = 0;
  private need = HEADER;
  private readonly path: string;
  private readonly chunkSize: number;
  private readonly options: ReadOptions;
  fileBytes = 0;
  eof = false;

  constructor(path: string, options: ReadOptions) {
    this.path = path;
    this.options = options;
    this.chunkSize = options.chunkSize ?? 1 << 20;
  }

  /** A fresh buffer (records handed out earlier are never overwritten) with room for the next read. */
  room(): { buffer: Uint8Array; at: number; size: number } {
    const rest = this.end - this.pos;
    const size = Math.max(this.chunkSize, this.need - rest);
    const next = new Uint8Array(rest + size);
    next.set(this.buf.subarray(this.pos, this.end));
    this.buf = next;
    this.pos = 0;
    this.end = rest;
    return { buffer: next, at: rest, size };
  }

  filled(bytesRead: number): void {
    if (bytesRead === 0) this.eof = true;
    else this.options.onChunk?.(this.buf.subarray(this.end, this.end + bytesRead));
    this.end += bytesRead;
    this.fileBytes += bytesRead;
    this.options.onBytes?.(this.fileBytes);
  }

  /** The next record, null at a clean end of file, or MORE when the reader must read on. */
  next(): TfRecord | null | typeof MORE {
    const { path, offset } = this;
    const available = this.end - this.pos;
    if (available < HEADER) {
      this.need = HEADER;
      if (!this.eof) return MORE;
      if (available === 0) return null;
      throw new TfRecordError(`${path}: truncated record at byte ${offset}: the file ends ${available} bytes into a 12-byte record header`, offset);
    }
    const buf = this.buf;
    const pos = this.pos;
    const view = new DataView(buf.buffer, buf.byteOffset + pos, HEADER);
    const lengthLow = view.getUint32(0, true);
    const lengthHigh = view.getUint32(4, true);
    if (maskedCrc32c(buf, pos, pos + 8) !== view.getUint32(8, true)) {
      throw new TfRecordError(`${path}: corrupt record at byte ${offset}: the length field fails its CRC-32C check (damaged file, or not a TFRecord file)`, offset);
    }
    if (lengthHigh !== 0 || lengthLow > MAX_RECORD) {
      throw new TfRecordError(`${path}: corrupt record at byte ${offset}: record length ${lengthHigh * 2 ** 32 + lengthLow} is implausible`, offset);
    }
    const total = HEADER + lengthLow + FOOTER;
    if (available < total) {
      this.need = total;
      if (!this.eof) return MORE;
      throw new TfRecordError(`${path}: truncated record at byte ${offset}: the record needs ${total} bytes but the file ends after ${available}`, offset);
    }
    const dataStart = pos + HEADER;
    const dataEnd = dataStart + lengthLow;
    const stored = new DataView(buf.buffer, buf.byteOffset + dataEnd, FOOTER).getUint32(0, true);
    if (maskedCrc32c(buf, dataStart, dataEnd) !== stored) {
      throw new TfRecordError(`${path}: corrupt record at byte ${offset}: the ${lengthLow}-byte payload fails its CRC-32C check`, offset);
    }
    this.pos += total;
    this.offset += total;
    this.need = HEADER;
    return { data: buf.subarray(dataStart, dataEnd), offset };
  }
}

export async function* readTfRecords(path: string, options: ReadOptions = {}): AsyncGenerator<TfRecord> {
  const file = await open(path, 'r');
  try {
    const framer = new Framer(path, options);
    for (;;) {
      const record = framer.next();
      if (record === null) return;
      if (record === MORE) {
        const { buffer, at, size } = framer.room();
        framer.filled((await file.read(buffer, at, size, framer.fileBytes)).bytesRead);
        continue;
      }
      yield record;
    }
  } finally {
    await file.close();
  }
}

/** The same records as readTfRecords, read synchronously. */
export function* readTfRecordsSync(path: string, options: ReadOptions = {}): Generator<TfRecord> {
  const fd = openSync(path, 'r');
  try {
    const framer = new Framer(path, options);
    for (;;) {
      const record = framer.next();
      if (record === null) return;
      if (record === MORE) {
        const { buffer, at, size } = framer.room();
        framer.filled(readSync(fd, buffer, at, size, framer.fileBytes));
        continue;
      }
      yield record;
    }
  } finally {
    closeSync(fd);
  }
}

/** Frames payloads as TFRecord (for tests and fixtures). */
export function encodeTfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + data.length + FOOTER);
  encodeTfRecordInto(data, out, 0);
  return out;
}

/** Frames `data` into `target` at `at`; returns the bytes written (data.length + 16). */
export function encodeTfRecordInto(data: Uint8Array, target: Uint8Array, at: number): number {
  const view = new DataView(target.buffer, target.byteOffset + at, HEADER + data.length + FOOTER);
  view.setUint32(0, data.length, true);
  view.setUint32(4, 0, true);
  view.setUint32(8, maskedCrc32c(target, at, at + 8), true);
  target.set(data, at + HEADER);
  view.setUint32(HEADER + data.length, maskedCrc32c(data), true);
  return HEADER + data.length + FOOTER;
}
