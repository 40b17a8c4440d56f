/**
 * MD5 (RFC 1321) block functions over 32-bit words, for the module hash's hot path.
 *
 * Why not only node:crypto: the official NB101 hash is ~50 MD5 calls on 100–250 byte
 * messages per cell. Through node:crypto each call pays ~0.3 µs of binding overhead plus
 * hex-string building (measured: ~19,000 cells/s). Here messages are assembled as words
 * straight from the previous digests, and MD5's long serial dependency chain is hidden
 * by running two independent messages through one interleaved block function: a single
 * lane is latency-bound (~140 ns a block here), two lanes take ~85 ns a block each. More
 * lanes run out of registers and get slower. Tests check every function against
 * node:crypto.
 *
 * The step functions are written out in full: helper calls that V8 does not inline box
 * their int32 results, which made a first version 5x slower.
 */

export function md5Init(state: Int32Array, so = 0): void {
  state[so] = 0x67452301;
  state[so + 1] = 0xefcdab89 | 0;
  state[so + 2] = 0x98badcfe | 0;
  state[so + 3] = 0x10325476;
}

/** Mixes the 16-word block m[o..o+16) (little-endian words) into state[so..so+4). */
export function md5Block(state: Int32Array, so: number, m: Int32Array, o: number): void {
  let a = state[so] as number;
  let b = state[so + 1] as number;
  let c = state[so + 2] as number;
  let d = state[so + 3] as number;
  let t = 0;
  t = (a + (d ^ (b & (c ^ d))) + (m[o + 0] as number) + -680876936) | 0;
  a = (((t << 7) | (t >>> 25)) + b) | 0;
  t = (d + (c ^ (a & (b ^ c))) + (m[o + 1] as number) + -389564586) | 0;
  d = (((t << 12) | (t >>> 20)) + a) | 0;
  t = (c + (b ^ (d & (a ^ b))) + (m[o + 2] as number) + 606105819) | 0;
  c = (((t << 17) | (t >>> 15)) + d) | 0;
  t = (b + (a ^ (c & (d ^ a))) + (m[o + 3] as number) + -1044525330) | 0;
  b = (((t << 22) | (t >>> 10)) + c) | 0;
  t = (a + (d ^ (b & (c ^ d))) + (m[o + 4] as number) + -176418897) | 0;
  a = (((t << 7) | (t >>> 25)) + b) | 0;
  t = (d + (c ^ (a & (b ^ c))) + (m[o + 5] as number) + 1200080426) | 0;
  d = (((t << 12) | (t >>> 20)) + a) | 0;
  t = (c + (b ^ (d & (a ^ b))) + (m[o + 6] as number) + -1473231341) | 0;
  c = (((t << 17) | (t >>> 15)) + d) | 0;
  t = (b + (a ^ (c & (d ^ a))) + (m[o + 7] as number) + -45705983) | 0;
  b = (((t << 22) | (t >>> 10)) + c) | 0;
  t = (a + (d ^ (b & (c ^ d))) + (m[o + 8] as number) + 1770035416) | 0;
  a = (((t << 7) | (t >>> 25)) + b) | 0;
  t = (d + (c ^ (a & (b ^ c))) + (m[o + 9] as number) + -1958414417) | 0;
  d = (((t << 12) | (t >>> 20)) + a) | 0;
  t = (c + (b ^ (d & (a ^ b))) + (m[o + 10] as number) + -42063) | 0;
  c = (((t << 17) | (t >>> 15)) + d) | 0;
  t = (b + (a ^ (c & (d ^ a))) + (m[o + 11] as number) + -1990404162) | 0;
  b = (((t << 22) | (t >>> 10)) + c) | 0;
  t = (a + (d ^ (b & (c ^ d))) + (m[o + 12] as number) + 1804603682) | 0;
  a = (((t << 7) | (t >>> 25)) + b) | 0;
  t = (d + (c ^ (a & (b ^ c))) + (m[o + 13] as number) + -40341101) | 0;
  d = (((t << 12) | (t >>> 20)) + a) | 0;
  t = (c + (b ^ (d & (a ^ b))) + (m[o + 14] as number) + -1502002290) | 0;
  c = (((t << 17) | (t >>> 15)) + d) | 0;
  t = (b + (a ^ (c & (d ^ a))) + (m[o + 15] as number) + 1236535329) | 0;
  b = (((t << 22) | (t >>> 10)) + c) | 0;
  t = (a + (c ^ (d & (b ^ c))) + (m[o + 1] as number) + -165796510) | 0;
  a = (((t << 5) | (t >>> 27)) + b) | 0;
  t = (d + (b ^ (c & (a ^ b))) + (m[o + 6] as number) + -1069501632) | 0;
  d = (((t << 9) | (t >>> 23)) + a) | 0;
  t = (c + (a ^ (b & (d ^ a))) + (m[o + 11] as number) + 643717713) | 0;
  c = (((t << 14) | (t >>> 18)) + d) | 0;
  t = (b + (d ^ (a & (c ^ d))) + (m[o + 0] as number) + -373897302) | 0;
  b = (((t << 20) | (t >>> 12)) + c) | 0;
  t = (a + (c ^ (d & (b ^ c))) + (m[o + 5] as number) + -701558691) | 0;
  a = (((t << 5) | (t >>> 27)) + b) | 0;
  t = (d + (b ^ (c & (a ^ b))) + (m[o + 10] as number) + 38016083) | 0;
  d = (((t << 9) | (t >>> 23)) + a) | 0;
  t = (c + (a ^ (b & (d ^ a))) + (m[o + 15] as number) + -660478335) | 0;
  c = (((t << 14) | (t >>> 18)) + d) | 0;
  t = (b + (d ^ (a & (c ^ d))) + (m[o + 4] as number) + -405537848) | 0;
  b = (((t << 20) | (t >>> 12)) + c) | 0;
  t = (a + (c ^ (d & (b ^ c))) + (m[o + 9] as number) + 568446438) | 0;
  a = (((t << 5) | (t >>> 27)) + b) | 0;
  t = (d + (b ^ (c & (a ^ b))) + (m[o + 14] as number) + -1019803690) | 0;
  d = (((t << 9) | (t >>> 23)) + a) | 0;
  t = (c + (a ^ (b & (d ^ a))) + (m[o + 3] as number) + -187363961) | 0;
  c = (((t << 14) | (t >>> 18)) + d) | 0;
  t = (b + (d ^ (a & (c ^ d))) + (m[o + 8] as number) + 1163531501) | 0;
  b = (((t << 20) | (t >>> 12)) + c) | 0;
  t = (a + (c ^ (d & (b ^ c))) + (m[o + 13] as number) + -1444681467) | 0;
  a = (((t << 5) | (t >>> 27)) + b) | 0;
  t = (d + (b ^ (c & (a ^ b))) + (m[o + 2] as number) + -51403784) | 0;
  d = (((t << 9) | (t >>> 23)) + a) | 0;
  t = (c + (a ^ (b & (d ^ a))) + (m[o + 7] as number) + 1735328473) | 0;
  c = (((t << 14) | (t >>> 18)) + d) | 0;
  t = (b + (d ^ (a & (c ^ d))) + (m[o + 12] as number) + -1926607734) | 0;
  b = (((t << 20) | (t >>> 12)) + c) | 0;
  t = (a + (b ^ c ^ d) + (m[o + 5] as number) + -378558) | 0;
  a = (((t << 4) | (t >>> 28)) + b) | 0;
  t = (d + (a ^ b ^ c) + (m[o + 8] as number) + -2022574463) | 0;
  d = (((t << 11) | (t >>> 21)) + a) | 0;
  t = (c + (d ^ a ^ b) + (m[o + 11] as number) + 1839030562) | 0;
  c = (((t << 16) | (t >>> 16)) + d) | 0;
  t = (b + (c ^ d ^ a) + (m[o + 14] as number) + -35309556) | 0;
  b = (((t << 23) | (t >>> 9)) + c) | 0;
  t = (a + (b ^ c ^ d) + (m[o + 1] as number) + -1530992060) | 0;
  a = (((t << 4) | (t >>> 28)) + b) | 0;
  t = (d + (a ^ b ^ c) + (m[o + 4] as number) + 1272893353) | 0;
  d = (((t << 11) | (t >>> 21)) + a) | 0;
  t = (c + (d ^ a ^ b) + (m[o + 7] as number) + -155497632) | 0;
  c = (((t << 16) | (t >>> 16)) + d) | 0;
  t = (b + (c ^ d ^ a) + (m[o + 10] as number) + -1094730640) | 0;
  b = (((t << 23) | (t >>> 9)) + c) | 0;
  t = (a + (b ^ c ^ d) + (m[o + 13] as number) + 681279174) | 0;
  a = (((t << 4) | (t >>> 28)) + b) | 0;
  t = (d + (a ^ b ^ c) + (m[o + 0] as number) + -358537222) | 0;
  d = (((t << 11) | (t >>> 21)) + a) | 0;
  t = (c + (d ^ a ^ b) + (m[o + 3] as number) + -722521979) | 0;
  c = (((t << 16) | (t >>> 16)) + d) | 0;
  t = (b + (c ^ d ^ a) + (m[o + 6] as number) + 76029189) | 0;
  b = (((t << 23) | (t >>> 9)) + c) | 0;
  t = (a + (b ^ c ^ d) + (m[o + 9] as number) + -640364487) | 0;
  a = (((t << 4) | (t >>> 28)) + b) | 0;
  t = (d + (a ^ b ^ c) + (m[o + 12] as number) + -421815835) | 0;
  d = (((t << 11) | (t >>> 21)) + a) | 0;
  t = (c + (d ^ a ^ b) + (m[o + 15] as number) + 530742520) | 0;
  c = (((t << 16) | (t >>> 16)) + d) | 0;
  t = (b + (c ^ d ^ a) + (m[o + 2] as number) + -995338651) | 0;
  b = (((t << 23) | (t >>> 9)) + c) | 0;
  t = (a + (c ^ (b | ~d)) + (m[o + 0] as number) + -198630844) | 0;
  a = (((t << 6) | (t >>> 26)) + b) | 0;
  t = (d + (b ^ (a | ~c)) + (m[o + 7] as number) + 1126891415) | 0;
  d = (((t << 10) | (t >>> 22)) + a) | 0;
  t = (c + (a ^ (d | ~b)) + (m[o + 14] as number) + -1416354905) | 0;
  c = (((t << 15) | (t >>> 17)) + d) | 0;
  t = (b + (d ^ (c | ~a)) + (m[o + 5] as number) + -57434055) | 0;
  b = (((t << 21) | (t >>> 11)) + c) | 0;
  t = (a + (c ^ (b | ~d)) + (m[o + 12] as number) + 1700485571) | 0;
  a = (((t << 6) | (t >>> 26)) + b) | 0;
  t = (d + (b ^ (a | ~c)) + (m[o + 3] as number) + -1894986606) | 0;
  d = (((t << 10) | (t >>> 22)) + a) | 0;
  t = (c + (a ^ (d | ~b)) + (m[o + 10] as number) + -1051523) | 0;
  c = (((t << 15) | (t >>> 17)) + d) | 0;
  t = (b + (d ^ (c | ~a)) + (m[o + 1] as number) + -2054922799) | 0;
  b = (((t << 21) | (t >>> 11)) + c) | 0;
  t = (a + (c ^ (b | ~d)) + (m[o + 8] as number) + 1873313359) | 0;
  a = (((t << 6) | (t >>> 26)) + b) | 0;
  t = (d + (b ^ (a | ~c)) + (m[o + 15] as number) + -30611744) | 0;
  d = (((t << 10) | (t >>> 22)) + a) | 0;
  t = (c + (a ^ (d | ~b)) + (m[o + 6] as number) + -1560198380) | 0;
  c = (((t << 15) | (t >>> 17)) + d) | 0;
  t = (b + (d ^ (c | ~a)) + (m[o + 13] as number) + 1309151649) | 0;
  b = (((t << 21) | (t >>> 11)) + c) | 0;
  t = (a + (c ^ (b | ~d)) + (m[o + 4] as number) + -145523070) | 0;
  a = (((t << 6) | (t >>> 26)) + b) | 0;
  t = (d + (b ^ (a | ~c)) + (m[o + 11] as number) + -1120210379) | 0;
  d = (((t << 10) | (t >>> 22)) + a) | 0;
  t = (c + (a ^ (d | ~b)) + (m[o + 2] as number) + 718787259) | 0;
  c = (((t << 15) | (t >>> 17)) + d) | 0;
  t = (b + (d ^ (c | ~a)) + (m[o + 9] as number) + -343485551) | 0;
  b = (((t << 21) | (t >>> 11)) + c) | 0;
  state[so] = ((state[so] as number) + a) | 0;
  state[so + 1] = ((state[so + 1] as number) + b) | 0;
  state[so + 2] = ((state[so + 2] as number) + c) | 0;
  state[so + 3] = ((state[so + 3] as number) + d) | 0;
}

/** Two independent md5Block calls, interleaved (states s1, s2 in the same array). */
export function md5Block2(state: Int32Array, s1: number, s2: number, m: Int32Array, o1: number, o2: number): void {
  let a1 = state[s1] as number;
  let b1 = state[s1 + 1] as number;
  let c1 = state[s1 + 2] as number;
  let d1 = state[s1 + 3] as number;
  let a2 = state[s2] as number;
  let b2 = state[s2 + 1] as number;
  let c2 = state[s2 + 2] as number;
  let d2 = state[s2 + 3] as number;
  let t1 = 0;
  let t2 = 0;
  t1 = (a1 + (d1 ^ (b1 & (c1 ^ d1))) + (m[o1 + 0] as number) + -680876936) | 0;
  t2 = (a2 + (d2 ^ (b2 & (c2 ^ d2))) + (m[o2 + 0] as number) + -680876936) | 0;
  a1 = (((t1 << 7) | (t1 >>> 25)) + b1) | 0;
  a2 = (((t2 << 7) | (t2 >>> 25)) + b2) | 0;
  t1 = (d1 + (c1 ^ (a1 & (b1 ^ c1))) + (m[o1 + 1] as number) + -389564586) | 0;
  t2 = (d2 + (c2 ^ (a2 & (b2 ^ c2))) + (m[o2 + 1] as number) + -389564586) | 0;
  d1 = (((t1 << 12) | (t1 >>> 20)) + a1) | 0;
  d2 = (((t2 << 12) | (t2 >>> 20)) + a2) | 0;
  t1 = (c1 + (b1 ^ (d1 & (a1 ^ b1))) + (m[o1 + 2] as number) + 606105819) | 0;
  t2 = (c2 + (b2 ^ (d2 & (a2 ^ b2))) + (m[o2 + 2] as number) + 606105819) | 0;
  c1 = (((t1 << 17) | (t1 >>> 15)) + d1) | 0;
  c2 = (((t2 << 17) | (t2 >>> 15)) + d2) | 0;
  t1 = (b1 + (a1 ^ (c1 & (d1 ^ a1))) + (m[o1 + 3] as number) + -1044525330) | 0;
  t2 = (b2 + (a2 ^ (c2 & (d2 ^ a2))) + (m[o2 + 3] as number) + -1044525330) | 0;
  b1 = (((t1 << 22) | (t1 >>> 10)) + c1) | 0;
  b2 = (((t2 << 22) | (t2 >>> 10)) + c2) | 0;
  t1 = (a1 + (d1 ^ (b1 & (c1 ^ d1))) + (m[o1 + 4] as number) + -176418897) | 0;
  t2 = (a2 + (d2 ^ (b2 & (c2 ^ d2))) + (m[o2 + 4] as number) + -176418897) | 0;
  a1 = (((t1 << 7) | (t1 >>> 25)) + b1) | 0;
  a2 = (((t2 << 7) | (t2 >>> 25)) + b2) | 0;
  t1 = (d1 + (c1 ^ (a1 & (b1 ^ c1))) + (m[o1 + 5] as number) + 1200080426) | 0;
  t2 = (d2 + (c2 ^ (a2 & (b2 ^ c2))) + (m[o2 + 5] as number) + 1200080426) | 0;
  d1 = (((t1 << 12) | (t1 >>> 20)) + a1) | 0;
  d2 = (((t2 << 12) | (t2 >>> 20)) + a2) | 0;
  t1 = (c1 + (b1 ^ (d1 & (a1 ^ b1))) + (m[o1 + 6] as number) + -1473231341) | 0;
  t2 = (c2 + (b2 ^ (d2 & (a2 ^ b2))) + (m[o2 + 6] as number) + -1473231341) | 0;
  c1 = (((t1 << 17) | (t1 >>> 15)) + d1) | 0;
  c2 = (((t2 << 17) | (t2 >>> 15)) + d2) | 0;
  t1 = (b1 + (a1 ^ (c1 & (d1 ^ a1))) + (m[o1 + 7] as number) + -45705983) | 0;
  t2 = (b2 + (a2 ^ (c2 & (d2 ^ a2))) + (m[o2 + 7] as number) + -45705983) | 0;
  b1 = (((t1 << 22) | (t1 >>> 10)) + c1) | 0;
  b2 = (((t2 << 22) | (t2 >>> 10)) + c2) | 0;
  t1 = (a1 + (d1 ^ (b1 & (c1 ^ d1))) + (m[o1 + 8] as number) + 1770035416) | 0;
  t2 = (a2 + (d2 ^ (b2 & (c2 ^ d2))) + (m[o2 + 8] as number) + 1770035416) | 0;
  a1 = (((t1 << 7) | (t1 >>> 25)) + b1) | 0;
  a2 = (((t2 << 7) | (t2 >>> 25)) + b2) | 0;
  t1 = (d1 + (c1 ^ (a1 & (b1 ^ c1))) + (m[o1 + 9] as number) + -1958414417) | 0;
  t2 = (d2 + (c2 ^ (a2 & (b2 ^ c2))) + (m[o2 + 9] as number) + -1958414417) | 0;
  d1 = (((t1 << 12) | (t1 >>> 20)) + a1) | 0;
  d2 = (((t2 << 12) | (t2 >>> 20)) + a2) | 0;
  t1 = (c1 + (b1 ^ (d1 & (a1 ^ b1))) + (m[o1 + 10] as number) + -42063) | 0;
  t2 = (c2 + (b2 ^ (d2 & (a2 ^ b2))) + (m[o2 + 10] as number) + -42063) | 0;
  c1 = (((t1 << 17) | (t1 >>> 15)) + d1) | 0;
  c2 = (((t2 << 17) | (t2 >>> 15)) + d2) | 0;
  t1 = (b1 + (a1 ^ (c1 & (d1 ^ a1))) + (m[o1 + 11] as number) + -1990404162) | 0;
  t2 = (b2 + (a2 ^ (c2 & (d2 ^ a2))) + (m[o2 + 11] as number) + -1990404162) | 0;
  b1 = (((t1 << 22) | (t1 >>> 10)) + c1) | 0;
  b2 = (((t2 << 22) | (t2 >>> 10)) + c2) | 0;
  t1 = (a1 + (d1 ^ (b1 & (c1 ^ d1))) + (m[o1 + 12] as number) + 1804603682) | 0;
  t2 = (a2 + (d2 ^ (b2 & (c2 ^ d2))) + (m[o2 + 12] as number) + 1804603682) | 0;
  a1 = (((t1 << 7) | (t1 >>> 25)) + b1) | 0;
  a2 = (((t2 << 7) | (t2 >>> 25)) + b2) | 0;
  t1 = (d1 + (c1 ^ (a1 & (b1 ^ c1))) + (m[o1 + 13] as number) + -40341101) | 0;
  t2 = (d2 + (c2 ^ (a2 & (b2 ^ c2))) + (m[o2 + 13] as number) + -40341101) | 0;
  d1 = (((t1 << 12) | (t1 >>> 20)) + a1) | 0;
  d2 = (((t2 << 12) | (t2 >>> 20)) + a2) | 0;
  t1 = (c1 + (b1 ^ (d1 & (a1 ^ b1))) + (m[o1 + 14] as number) + -1502002290) | 0;
  t2 = (c2 + (b2 ^ (d2 & (a2 ^ b2))) + (m[o2 + 14] as number) + -1502002290) | 0;
  c1 = (((t1 << 17) | (t1 >>> 15)) + d1) | 0;
  c2 = (((t2 << 17) | (t2 >>> 15)) + d2) | 0;
  t1 = (b1 + (a1 ^ (c1 & (d1 ^ a1))) + (m[o1 + 15] as number) + 1236535329) | 0;
  t2 = (b2 + (a2 ^ (c2 & (d2 ^ a2))) + (m[o2 + 15] as number) + 1236535329) | 0;
  b1 = (((t1 << 22) | (t1 >>> 10)) + c1) | 0;
  b2 = (((t2 << 22) | (t2 >>> 10)) + c2) | 0;
  t1 = (a1 + (c1 ^ (d1 & (b1 ^ c1))) + (m[o1 + 1] as number) + -165796510) | 0;
  t2 = (a2 + (c2 ^ (d2 & (b2 ^ c2))) + (m[o2 + 1] as number) + -165796510) | 0;
  a1 = (((t1 << 5) | (t1 >>> 27)) + b1) | 0;
  a2 = (((t2 << 5) | (t2 >>> 27)) + b2) | 0;
  t1 = (d1 + (b1 ^ (c1 & (a1 ^ b1))) + (m[o1 + 6] as number) + -1069501632) | 0;
  t2 = (d2 + (b2 ^ (c2 & (a2 ^ b2))) + (m[o2 + 6] as number) + -1069501632) | 0;
  d1 = (((t1 << 9) | (t1 >>> 23)) + a1) | 0;
  d2 = (((t2 << 9) | (t2 >>> 23)) + a2) | 0;
  t1 = (c1 + (a1 ^ (b1 & (d1 ^ a1))) + (m[o1 + 11] as number) + 643717713) | 0;
  t2 = (c2 + (a2 ^ (b2 & (d2 ^ a2))) + (m[o2 + 11] as number) + 643717713) | 0;
  c1 = (((t1 << 14) | (t1 >>> 18)) + d1) | 0;
  c2 = (((t2 << 14) | (t2 >>> 18)) + d2) | 0;
  t1 = (b1 + (d1 ^ (a1 & (c1 ^ d1))) + (m[o1 + 0] as number) + -373897302) | 0;
  t2 = (b2 + (d2 ^ (a2 & (c2 ^ d2))) + (m[o2 + 0] as number) + -373897302) | 0;
  b1 = (((t1 << 20) | (t1 >>> 12)) + c1) | 0;
  b2 = (((t2 << 20) | (t2 >>> 12)) + c2) | 0;
  t1 = (a1 + (c1 ^ (d1 & (b1 ^ c1))) + (m[o1 + 5] as number) + -701558691) | 0;
  t2 = (a2 + (c2 ^ (d2 & (b2 ^ c2))) + (m[o2 + 5] as number) + -701558691) | 0;
  a1 = (((t1 << 5) | (t1 >>> 27)) + b1) | 0;
  a2 = (((t2 << 5) | (t2 >>> 27)) + b2) | 0;
  t1 = (d1 + (b1 ^ (c1 & (a1 ^ b1))) + (m[o1 + 10] as number) + 38016083) | 0;
  t2 = (d2 + (b2 ^ (c2 & (a2 ^ b2))) + (m[o2 + 10] as number) + 38016083) | 0;
  d1 = (((t1 << 9) | (t1 >>> 23)) + a1) | 0;
  d2 = (((t2 << 9) | (t2 >>> 23)) + a2) | 0;
  t1 = (c1 + (a1 ^ (b1 & (d1 ^ a1))) + (m[o1 + 15] as number) + -660478335) | 0;
  t2 = (c2 + (a2 ^ (b2 & (d2 ^ a2))) + (m[o2 + 15] as number) + -660478335) | 0;
  c1 = (((t1 << 14) | (t1 >>> 18)) + d1) | 0;
  c2 = (((t2 << 14) | (t2 >>> 18)) + d2) | 0;
  t1 = (b1 + (d1 ^ (a1 & (c1 ^ d1))) + (m[o1 + 4] as number) + -405537848) | 0;
  t2 = (b2 + (d2 ^ (a2 & (c2 ^ d2))) + (m[o2 + 4] as number) + -405537848) | 0;
  b1 = (((t1 << 20) | (t1 >>> 12)) + c1) | 0;
  b2 = (((t2 << 20) | (t2 >>> 12)) + c2) | 0;
  t1 = (a1 + (c1 ^ (d1 & (b1 ^ c1))) + (m[o1 + 9] as number) + 568446438) | 0;
  t2 = (a2 + (c2 ^ (d2 & (b2 ^ c2))) + (m[o2 + 9] as number) + 568446438) | 0;
  a1 = (((t1 << 5) | (t1 >>> 27)) + b1) | 0;
  a2 = (((t2 << 5) | (t2 >>> 27)) + b2) | 0;
  t1 = (d1 + (b1 ^ (c1 & (a1 ^ b1))) + (m[o1 + 14] as number) + -1019803690) | 0;
  t2 = (d2 + (b2 ^ (c2 & (a2 ^ b2))) + (m[o2 + 14] as number) + -1019803690) | 0;
  d1 = (((t1 << 9) | (t1 >>> 23)) + a1) | 0;
  d2 = (((t2 << 9) | (t2 >>> 23)) + a2) | 0;
  t1 = (c1 + (a1 ^ (b1 & (d1 ^ a1))) + (m[o1 + 3] as number) + -187363961) | 0;
  t2 = (c2 + (a2 ^ (b2 & (d2 ^ a2))) + (m[o2 + 3] as number) + -187363961) | 0;
  c1 = (((t1 << 14) | (t1 >>> 18)) + d1) | 0;
  c2 = (((t2 << 14) | (t2 >>> 18)) + d2) | 0;
  t1 = (b1 + (d1 ^ (a1 & (c1 ^ d1))) + (m[o1 + 8] as number) + 1163531501) | 0;
  t2 = (b2 + (d2 ^ (a2 & (c2 ^ d2))) + (m[o2 + 8] as number) + 1163531501) | 0;
  b1 = (((t1 << 20) | (t1 >>> 12)) + c1) | 0;
  b2 = (((t2 << 20) | (t2 >>> 12)) + c2) | 0;
  t1 = (a1 + (c1 ^ (d1 & (b1 ^ c1))) + (m[o1 + 13] as number) + -1444681467) | 0;
  t2 = (a2 + (c2 ^ (d2 & (b2 ^ c2))) + (m[o2 + 13] as number) + -1444681467) | 0;
  a1 = (((t1 << 5) | (t1 >>> 27)) + b1) | 0;
  a2 = (((t2 << 5) | (t2 >>> 27)) + b2) | 0;
  t1 = (d1 + (b1 ^ (c1 & (a1 ^ b1))) + (m[o1 + 2] as number) + -51403784) | 0;
  t2 = (d2 + (b2 ^ (c2 & (a2 ^ b2))) + (m[o2 + 2] as number) + -51403784) | 0;
  d1 = (((t1 << 9) | (t1 >>> 23)) + a1) | 0;
  d2 = (((t2 << 9) | (t2 >>> 23)) + a2) | 0;
  t1 = (c1 + (a1 ^ (b1 & (d1 ^ a1))) + (m[o1 + 7] as number) + 1735328473) | 0;
  t2 = (c2 + (a2 ^ (b2 & (d2 ^ a2))) + (m[o2 + 7] as number) + 1735328473) | 0;
  c1 = (((t1 << 14) | (t1 >>> 18)) + d1) | 0;
  c2 = (((t2 << 14) | (t2 >>> 18)) + d2) | 0;
  t1 = (b1 + (d1 ^ (a1 & (c1 ^ d1))) + (m[o1 + 12] as number) + -1926607734) | 0;
  t2 = (b2 + (d2 ^ (a2 & (c2 ^ d2))) + (m[o2 + 12] as number) + -1926607734) | 0;
  b1 = (((t1 << 20) | (t1 >>> 12)) + c1) | 0;
  b2 = (((t2 << 20) | (t2 >>> 12)) + c2) | 0;
  t1 = (a1 + (b1 ^ c1 ^ d1) + (m[o1 + 5] as number) + -378558) | 0;
  t2 = (a2 + (b2 ^ c2 ^ d2) + (m[o2 + 5] as number) + -378558) | 0;
  a1 = (((t1 << 4) | (t1 >>> 28)) + b1) | 0;
  a2 = (((t2 << 4) | (t2 >>> 28)) + b2) | 0;
  t1 = (d1 + (a1 ^ b1 ^ c1) + (m[o1 + 8] as number) + -2022574463) | 0;
  t2 = (d2 + (a2 ^ b2 ^ c2) + (m[o2 + 8] as number) + -2022574463) | 0;
  d1 = (((t1 << 11) | (t1 >>> 21)) + a1) | 0;
  d2 = (((t2 << 11) | (t2 >>> 21)) + a2) | 0;
  t1 = (c1 + (d1 ^ a1 ^ b1) + (m[o1 + 11] as number) + 1839030562) | 0;
  t2 = (c2 + (d2 ^ a2 ^ b2) + (m[o2 + 11] as number) + 1839030562) | 0;
  c1 = (((t1 << 16) | (t1 >>> 16)) + d1) | 0;
  c2 = (((t2 << 16) | (t2 >>> 16)) + d2) | 0;
  t1 = (b1 + (c1 ^ d1 ^ a1) + (m[o1 + 14] as number) + -35309556) | 0;
  t2 = (b2 + (c2 ^ d2 ^ a2) + (m[o2 + 14] as number) + -35309556) | 0;
  b1 = (((t1 << 23) | (t1 >>> 9)) + c1) | 0;
  b2 = (((t2 << 23) | (t2 >>> 9)) + c2) | 0;
  t1 = (a1 + (b1 ^ c1 ^ d1) + (m[o1 + 1] as number) + -1530992060) | 0;
  t2 = (a2 + (b2 ^ c2 ^ d2) + (m[o2 + 1] as number) + -1530992060) | 0;
  a1 = (((t1 << 4) | (t1 >>> 28)) + b1) | 0;
  a2 = (((t2 << 4) | (t2 >>> 28)) + b2) | 0;
  t1 = (d1 + (a1 ^ b1 ^ c1) + (m[o1 + 4] as number) + 1272893353) | 0;
  t2 = (d2 + (a2 ^ b2 ^ c2) + (m[o2 + 4] as number) + 1272893353) | 0;
  d1 = (((t1 << 11) | (t1 >>> 21)) + a1) | 0;
  d2 = (((t2 << 11) | (t2 >>> 21)) + a2) | 0;
  t1 = (c1 + (d1 ^ a1 ^ b1) + (m[o1 + 7] as number) + -155497632) | 0;
  t2 = (c2 + (d2 ^ a2 ^ b2) + (m[o2 + 7] as number) + -155497632) | 0;
  c1 = (((t1 << 16) | (t1 >>> 16)) + d1) | 0;
  c2 = (((t2 << 16) | (t2 >>> 16)) + d2) | 0;
  t1 = (b1 + (c1 ^ d1 ^ a1) + (m[o1 + 10] as number) + -1094730640) | 0;
  t2 = (b2 + (c2 ^ d2 ^ a2) + (m[o2 + 10] as number) + -1094730640) | 0;
  b1 = (((t1 << 23) | (t1 >>> 9)) + c1) | 0;
  b2 = (((t2 << 23) | (t2 >>> 9)) + c2) | 0;
  t1 = (a1 + (b1 ^ c1 ^ d1) + (m[o1 + 13] as number) + 681279174) | 0;
  t2 = (a2 + (b2 ^ c2 ^ d2) + (m[o2 + 13] as number) + 681279174) | 0;
  a1 = (((t1 << 4) | (t1 >>> 28)) + b1) | 0;
  a2 = (((t2 << 4) | (t2 >>> 28)) + b2) | 0;
  t1 = (d1 + (a1 ^ b1 ^ c1) + (m[o1 + 0] as number) + -358537222) | 0;
  t2 = (d2 + (a2 ^ b2 ^ c2) + (m[o2 + 0] as number) + -358537222) | 0;
  d1 = (((t1 << 11) | (t1 >>> 21)) + a1) | 0;
  d2 = (((t2 << 11) | (t2 >>> 21)) + a2) | 0;
  t1 = (c1 + (d1 ^ a1 ^ b1) + (m[o1 + 3] as number) + -722521979) | 0;
  t2 = (c2 + (d2 ^ a2 ^ b2) + (m[o2 + 3] as number) + -722521979) | 0;
  c1 = (((t1 << 16) | (t1 >>> 16)) + d1) | 0;
  c2 = (((t2 << 16) | (t2 >>> 16)) + d2) | 0;
  t1 = (b1 + (c1 ^ d1 ^ a1) + (m[o1 + 6] as number) + 76029189) | 0;
  t2 = (b2 + (c2 ^ d2 ^ a2) + (m[o2 + 6] as number) + 76029189) | 0;
  b1 = (((t1 << 23) | (t1 >>> 9)) + c1) | 0;
  b2 = (((t2 << 23) | (t2 >>> 9)) + c2) | 0;
  t1 = (a1 + (b1 ^ c1 ^ d1) + (m[o1 + 9] as number) + -640364487) | 0;
  t2 = (a2 + (b2 ^ c2 ^ d2) + (m[o2 + 9] as number) + -640364487) | 0;
  a1 = (((t1 << 4) | (t1 >>> 28)) + b1) | 0;
  a2 = (((t2 << 4) | (t2 >>> 28)) + b2) | 0;
  t1 = (d1 + (a1 ^ b1 ^ c1) + (m[o1 + 12] as number) + -421815835) | 0;
  t2 = (d2 + (a2 ^ b2 ^ c2) + (m[o2 + 12] as number) + -421815835) | 0;
  d1 = (((t1 << 11) | (t1 >>> 21)) + a1) | 0;
  d2 = (((t2 << 11) | (t2 >>> 21)) + a2) | 0;
  t1 = (c1 + (d1 ^ a1 ^ b1) + (m[o1 + 15] as number) + 530742520) | 0;
  t2 = (c2 + (d2 ^ a2 ^ b2) + (m[o2 + 15] as number) + 530742520) | 0;
  c1 = (((t1 << 16) | (t1 >>> 16)) + d1) | 0;
  c2 = (((t2 << 16) | (t2 >>> 16)) + d2) | 0;
  t1 = (b1 + (c1 ^ d1 ^ a1) + (m[o1 + 2] as number) + -995338651) | 0;
  t2 = (b2 + (c2 ^ d2 ^ a2) + (m[o2 + 2] as number) + -995338651) | 0;
  b1 = (((t1 << 23) | (t1 >>> 9)) + c1) | 0;
  b2 = (((t2 << 23) | (t2 >>> 9)) + c2) | 0;
  t1 = (a1 + (c1 ^ (b1 | ~d1)) + (m[o1 + 0] as number) + -198630844) | 0;
  t2 = (a2 + (c2 ^ (b2 | ~d2)) + (m[o2 + 0] as number) + -198630844) | 0;
  a1 = (((t1 << 6) | (t1 >>> 26)) + b1) | 0;
  a2 = (((t2 << 6) | (t2 >>> 26)) + b2) | 0;
  t1 = (d1 + (b1 ^ (a1 | ~c1)) + (m[o1 + 7] as number) + 1126891415) | 0;
  t2 = (d2 + (b2 ^ (a2 | ~c2)) + (m[o2 + 7] as number) + 1126891415) | 0;
  d1 = (((t1 << 10) | (t1 >>> 22)) + a1) | 0;
  d2 = (((t2 << 10) | (t2 >>> 22)) + a2) | 0;
  t1 = (c1 + (a1 ^ (d1 | ~b1)) + (m[o1 + 14] as number) + -1416354905) | 0;
  t2 = (c2 + (a2 ^ (d2 | ~b2)) + (m[o2 + 14] as number) + -1416354905) | 0;
  c1 = (((t1 << 15) | (t1 >>> 17)) + d1) | 0;
  c2 = (((t2 << 15) | (t2 >>> 17)) + d2) | 0;
  t1 = (b1 + (d1 ^ (c1 | ~a1)) + (m[o1 + 5] as number) + -57434055) | 0;
  t2 = (b2 + (d2 ^ (c2 | ~a2)) + (m[o2 + 5] as number) + -57434055) | 0;
  b1 = (((t1 << 21) | (t1 >>> 11)) + c1) | 0;
  b2 = (((t2 << 21) | (t2 >>> 11)) + c2) | 0;
  t1 = (a1 + (c1 ^ (b1 | ~d1)) + (m[o1 + 12] as number) + 1700485571) | 0;
  t2 = (a2 + (c2 ^ (b2 | ~d2)) + (m[o2 + 12] as number) + 1700485571) | 0;
  a1 = (((t1 << 6) | (t1 >>> 26)) + b1) | 0;
  a2 = (((t2 << 6) | (t2 >>> 26)) + b2) | 0;
  t1 = (d1 + (b1 ^ (a1 | ~c1)) + (m[o1 + 3] as number) + -1894986606) | 0;
  t2 = (d2 + (b2 ^ (a2 | ~c2)) + (m[o2 + 3] as number) + -1894986606) | 0;
  d1 = (((t1 << 10) | (t1 >>> 22)) + a1) | 0;
  d2 = (((t2 << 10) | (t2 >>> 22)) + a2) | 0;
  t1 = (c1 + (a1 ^ (d1 | ~b1)) + (m[o1 + 10] as number) + -1051523) | 0;
  t2 = (c2 + (a2 ^ (d2 | ~b2)) + (m[o2 + 10] as number) + -1051523) | 0;
  c1 = (((t1 << 15) | (t1 >>> 17)) + d1) | 0;
  c2 = (((t2 << 15) | (t2 >>> 17)) + d2) | 0;
  t1 = (b1 + (d1 ^ (c1 | ~a1)) + (m[o1 + 1] as number) + -2054922799) | 0;
  t2 = (b2 + (d2 ^ (c2 | ~a2)) + (m[o2 + 1] as number) + -2054922799) | 0;
  b1 = (((t1 << 21) | (t1 >>> 11)) + c1) | 0;
  b2 = (((t2 << 21) | (t2 >>> 11)) + c2) | 0;
  t1 = (a1 + (c1 ^ (b1 | ~d1)) + (m[o1 + 8] as number) + 1873313359) | 0;
  t2 = (a2 + (c2 ^ (b2 | ~d2)) + (m[o2 + 8] as number) + 1873313359) | 0;
  a1 = (((t1 << 6) | (t1 >>> 26)) + b1) | 0;
  a2 = (((t2 << 6) | (t2 >>> 26)) + b2) | 0;
  t1 = (d1 + (b1 ^ (a1 | ~c1)) + (m[o1 + 15] as number) + -30611744) | 0;
  t2 = (d2 + (b2 ^ (a2 | ~c2)) + (m[o2 + 15] as number) + -30611744) | 0;
  d1 = (((t1 << 10) | (t1 >>> 22)) + a1) | 0;
  d2 = (((t2 << 10) | (t2 >>> 22)) + a2) | 0;
  t1 = (c1 + (a1 ^ (d1 | ~b1)) + (m[o1 + 6] as number) + -1560198380) | 0;
  t2 = (c2 + (a2 ^ (d2 | ~b2)) + (m[o2 + 6] as number) + -1560198380) | 0;
  c1 = (((t1 << 15) | (t1 >>> 17)) + d1) | 0;
  c2 = (((t2 << 15) | (t2 >>> 17)) + d2) | 0;
  t1 = (b1 + (d1 ^ (c1 | ~a1)) + (m[o1 + 13] as number) + 1309151649) | 0;
  t2 = (b2 + (d2 ^ (c2 | ~a2)) + (m[o2 + 13] as number) + 1309151649) | 0;
  b1 = (((t1 << 21) | (t1 >>> 11)) + c1) | 0;
  b2 = (((t2 << 21) | (t2 >>> 11)) + c2) | 0;
  t1 = (a1 + (c1 ^ (b1 | ~d1)) + (m[o1 + 4] as number) + -145523070) | 0;
  t2 = (a2 + (c2 ^ (b2 | ~d2)) + (m[o2 + 4] as number) + -145523070) | 0;
  a1 = (((t1 << 6) | (t1 >>> 26)) + b1) | 0;
  a2 = (((t2 << 6) | (t2 >>> 26)) + b2) | 0;
  t1 = (d1 + (b1 ^ (a1 | ~c1)) + (m[o1 + 11] as number) + -1120210379) | 0;
  t2 = (d2 + (b2 ^ (a2 | ~c2)) + (m[o2 + 11] as number) + -1120210379) | 0;
  d1 = (((t1 << 10) | (t1 >>> 22)) + a1) | 0;
  d2 = (((t2 << 10) | (t2 >>> 22)) + a2) | 0;
  t1 = (c1 + (a1 ^ (d1 | ~b1)) + (m[o1 + 2] as number) + 718787259) | 0;
  t2 = (c2 + (a2 ^ (d2 | ~b2)) + (m[o2 + 2] as number) + 718787259) | 0;
  c1 = (((t1 << 15) | (t1 >>> 17)) + d1) | 0;
  c2 = (((t2 << 15) | (t2 >>> 17)) + d2) | 0;
  t1 = (b1 + (d1 ^ (c1 | ~a1)) + (m[o1 + 9] as number) + -343485551) | 0;
  t2 = (b2 + (d2 ^ (c2 | ~a2)) + (m[o2 + 9] as number) + -343485551) | 0;
  b1 = (((t1 << 21) | (t1 >>> 11)) + c1) | 0;
  b2 = (((t2 << 21) | (t2 >>> 11)) + c2) | 0;
  state[s1] = ((state[s1] as number) + a1) | 0;
  state[s1 + 1] = ((state[s1 + 1] as number) + b1) | 0;
  state[s1 + 2] = ((state[s1 + 2] as number) + c1) | 0;
  state[s1 + 3] = ((state[s1 + 3] as number) + d1) | 0;
  state[s2] = ((state[s2] as number) + a2) | 0;
  state[s2 + 1] = ((state[s2 + 1] as number) + b2) | 0;
  state[s2 + 2] = ((state[s2 + 2] as number) + c2) | 0;
  state[s2 + 3] = ((state[s2 + 3] as number) + d2) | 0;
}

/**
 * Writes MD5 padding after `length` message bytes held in m[o..]; returns the number of
 * 16-word blocks. `m` needs room up to the next 64-byte boundary after length + 9 bytes.
 */
export function padMd5(m: Int32Array, o: number, length: number): number {
  const q = o + (length >>> 2);
  const r = length & 3;
  // Keep the message bytes of the last partial word, then the 0x80 terminator byte.
  const keep = r === 0 ? 0 : (m[q] as number) & ((1 << (8 * r)) - 1);
  m[q] = keep | (0x80 << (8 * r));
  const words = (((length + 8) >>> 6) + 1) << 4;
  for (let i = q + 1; i < o + words - 2; i++) m[i] = 0;
  // Length in bits, 64-bit little-endian; messages here are far below 2^29 bytes.
  m[o + words - 2] = length << 3;
  m[o + words - 1] = length >>> 29;
  return words >>> 4;
}

/** MD5 of `length` bytes held in m[0..] (padded in place) into state[0..4). */
export function md5Words(state: Int32Array, m: Int32Array, length: number): void {
  const blocks = padMd5(m, 0, length);
  md5Init(state);
  for (let k = 0; k < blocks; k++) md5Block(state, 0, m, 16 * k);
}

const HEX = '0123456789abcdef';

/** The usual lowercase hex digest of state[so..so+4). */
export function md5Hex(state: Int32Array, so = 0): string {
  let s = '';
  for (let k = 0; k < 4; k++) {
    const w = state[so + k] as number;
    for (let byte = 0; byte < 4; byte++) {
      const b = (w >>> (8 * byte)) & 255;
      s += HEX[b >>> 4]! + HEX[b & 15]!;
    }
  }
  return s;
}
