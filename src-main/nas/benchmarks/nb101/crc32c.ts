/**
 * CRC-32C (Castagnoli), as TFRecord framing uses it, and TensorFlow's "masked" form.
 *
 * Slicing-by-8 tables: the full NB101 file is ~2 GB and every byte is checked on import,
 * so a byte-at-a-time loop would dominate the import time.
 */

const POLY = 0x82f63b78; // reflected Castagnoli polynomial
const TABLES = new Int32Array(8 * 256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  TABLES[n] = c;
}
for (let n = 0; n < 256; n++) {
  let c = TABLES[n] as number;
  for (let t = 1; t < 8; t++) {
    c = (TABLES[c & 0xff] as number) ^ (c >>> 8);
    TABLES[t * 256 + n] = c;
  }
}

/** CRC-32C of bytes[start, end), continuing from `crc` (0 for a fresh checksum). */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  let c = ~crc;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const lo = c ^ ((bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24));
    c =
      (TABLES[7 * 256 + (lo & 0xff)] as number) ^
      (TABLES[6 * 256 + ((lo >>> 8) & 0xff)] as number) ^
      (TABLES[5 * 256 + ((lo >>> 16) & 0xff)] as number) ^
      (TABLES[4 * 256 + (lo >>> 24)] as number) ^
      (TABLES[3 * 256 + (bytes[i + 4] as number)] as number) ^
      (TABLES[2 * 256 + (bytes[i + 5] as number)] as number) ^
      (TABLES[256 + (bytes[i + 6] as number)] as number) ^
      (TABLES[bytes[i + 7] as number] as number);
  }
  for (; i < end; i++) c = (TABLES[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** TensorFlow's masked CRC (crc32c.h Mask): rotate right by 15 and add a constant. */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

export function maskedCrc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return maskCrc(crc32c(bytes, start, end));
}
