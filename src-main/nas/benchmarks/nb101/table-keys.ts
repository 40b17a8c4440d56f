/**
 * Hash keys of the NB101 table: 32 hex digits stored as 16 raw bytes, sorted, and found
 * by binary search over big-endian words (so numeric order is hex-string order). No Map
 * of 423,624 strings has to be built when a table loads.
 */

const HEX = /^[0-9a-f]{32}$/;

export function writeDigest(hex: string, target: Uint8Array, offset: number): void {
  if (!HEX.test(hex)) throw new Error(`"${hex}" is not an NB101 module hash (32 lowercase hex digits)`);
  for (let i = 0; i < 16; i++) target[offset + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
}

export function digestHex(bytes: Uint8Array, offset: number): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += (bytes[offset + i] as number).toString(16).padStart(2, '0');
  return s;
}

export class HashIndex {
  private readonly words: Uint32Array;
  readonly count: number;

  /** `digests`: count × 16 bytes in ascending order. */
  constructor(digests: Uint8Array) {
    this.count = digests.length / 16;
    this.words = new Uint32Array(this.count * 4);
    const dv = new DataView(digests.buffer, digests.byteOffset, digests.byteLength);
    for (let i = 0; i < this.count * 4; i++) this.words[i] = dv.getUint32(4 * i, false);
  }

  /** Position of `hex`, or -1. Returns -1 (not an error) for malformed text too. */
  find(hex: string): number {
    if (!HEX.test(hex)) return -1;
    const key = [0, 1, 2, 3].map((k) => parseInt(hex.slice(8 * k, 8 * k + 8), 16));
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      let c = 0;
      for (let k = 0; k < 4 && c === 0; k++) {
        const w = this.words[4 * mid + k] as number;
        const x = key[k] as number;
        c = w < x ? -1 : w > x ? 1 : 0;
      }
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
