/**
 * Streaming reader of TFRecord files (tf.io.TFRecordWriter framing), as the official
 * nasbench_*.tfrecord files are written:
 *
 *   u64 length (little-endian) | u32 masked CRC-32C of those 8 bytes | data | u32 masked CRC-32C of data
 *
 * Every CRC is verified, like tf_record_iterator does, so a damaged download fails with
 * the byte offset of the first bad record instead of yielding garbage. The file is read in
 * chunks; memory stays at one chunk plus one record.
 */
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
}

const HEADER = 12;
const FOOTER = 4;
/** Larger lengths mean a damaged header that happens to pass its CRC, or not TFRecord. */
const MAX_RECORD = 1 << 30;

export async function* readTfRecords(path: string, options: ReadOptions = {}): AsyncGenerator<TfRecord> {
  const chunkSize = options.chunkSize ?? 1 << 20;
  const file = await open(path, 'r');
  try {
    // Unconsumed bytes are buf[pos, end); buf[pos] is at file offset `offset`.
    let buf = new Uint8Array(0);
    let pos = 0;
    let end = 0;
    let offset = 0;
    let fileBytes = 0;
    let eof = false;
    const fill = async (need: number): Promise<boolean> => {
      while (end - pos < need && !eof) {
        const rest = end - pos;
        const size = Math.max(chunkSize, need - rest);
        // A fresh buffer each time, so records handed out earlier are never overwritten.
        const next = new Uint8Array(rest + size);
        next.set(buf.subarray(pos, end));
        const { bytesRead } = await file.read(next, rest, size, fileBytes);
        fileBytes += bytesRead;
        if (bytesRead === 0) eof = true;
        buf = next;
        pos = 0;
        end = rest + bytesRead;
        options.onBytes?.(fileBytes);
      }
      return end - pos >= need;
    };
    for (;;) {
      if (!(await fill(HEADER))) {
        if (end - pos === 0) return;
        throw new TfRecordError(`${path}: truncated record at byte ${offset}: the file ends ${end - pos} bytes into a 12-byte record header`, offset);
      }
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
      if (!(await fill(total))) {
        throw new TfRecordError(`${path}: truncated record at byte ${offset}: the record needs ${total} bytes but the file ends after ${end - pos}`, offset);
      }
      const dataStart = pos + HEADER;
      const dataEnd = dataStart + lengthLow;
      const stored = new DataView(buf.buffer, buf.byteOffset + dataEnd, FOOTER).getUint32(0, true);
      if (maskedCrc32c(buf, dataStart, dataEnd) !== stored) {
        throw new TfRecordError(`${path}: corrupt record at byte ${offset}: the ${lengthLow}-byte payload fails its CRC-32C check`, offset);
      }
      yield { data: buf.subarray(dataStart, dataEnd), offset };
      pos += total;
      offset += total;
    }
  } finally {
    await file.close();
  }
}

/** Frames payloads as TFRecord (for tests and fixtures). */
export function encodeTfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + data.length + FOOTER);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length, true);
  view.setUint32(4, 0, true);
  view.setUint32(8, maskedCrc32c(out, 0, 8), true);
  out.set(data, HEADER);
  view.setUint32(HEADER + data.length, maskedCrc32c(data), true);
  return out;
}
