/**
 * graph_util.hash_module of google-research/nasbench, bit for bit: the benchmark is keyed
 * by this MD5 fingerprint, so any deviation (a different string format, sort order or
 * iteration count) would make every lookup miss.
 *
 * The official algorithm, per vertex v with label l(v):
 *   h0(v) = md5(str((out_degree, in_degree, label)))           e.g. md5("(2, 0, -1)")
 *   repeat n times (n = number of vertices, not the diameter):
 *     h(v) = md5(join(sorted(h(in-neighbours))) + "|" + join(sorted(h(out-neighbours))) + "|" + h(v))
 *   fingerprint = md5(str(sorted(h)))                           i.e. "['…', '…']"
 * Python sorts str by code point; hex digests are ASCII, so sorting by digest bytes is
 * the same order.
 *
 * Speed: this is the hot path of neighbourhood generation and enumeration (n² + 1 MD5
 * calls per cell). Instead of building hex strings, every message is written straight
 * into a word buffer from the previous round's digests (each digest is turned into its 8
 * hex words once per round) and fed to the MD5 block function; only the fingerprint
 * becomes a string. `hashGraphReference` is the plain string version on node:crypto,
 * kept as the executable specification the fast path is tested against.
 */
import { hash as nodeHash } from 'node:crypto';
import { cellToGraph, type CellGraph, type Nb101Cell } from './matrix.ts';
import { md5Block, md5Hex, md5Init, padMd5 } from './md5.ts';
import { prune, prunedProblem } from './prune.ts';

// Bitmask graphs and the h0 table (degrees 0..7) cover up to 8 vertices; NB101 needs 7.
const MAX_N = 8;

// Scratch buffers: hashing is synchronous and never re-entered, so one set suffices.
const msg = new Int32Array(128);
const state = new Int32Array(4);
let digests = new Int32Array(4 * MAX_N);
let nextDigests = new Int32Array(4 * MAX_N);
/** The 32 hex characters of each vertex's digest as 8 little-endian words. */
const hexWords = new Int32Array(8 * MAX_N);
/** Digest bytes big-endian per word, so unsigned comparison follows hex-string order. */
const sortKeys = new Uint32Array(4 * MAX_N);
const inMasksScratch = new Int32Array(MAX_N);
const order = new Int32Array(MAX_N);

/** Two hex characters of a byte as a little-endian 16-bit value. */
const HEX16 = new Int32Array(256);
for (let b = 0; b < 256; b++) {
  const hex = b.toString(16).padStart(2, '0');
  HEX16[b] = hex.charCodeAt(0) | (hex.charCodeAt(1) << 8);
}

// h0 only depends on (out degree, in degree, label): a table of the official values.
const initialDigests = new Int32Array(8 * 8 * 5 * 4);
const initialKnown = new Uint8Array(8 * 8 * 5);

function initialSlot(outDegree: number, inDegree: number, label: number): number {
  const k = (outDegree * 8 + inDegree) * 5 + (label + 2);
  if (initialKnown[k] === 0) {
    const hex = nodeHash('md5', `(${outDegree}, ${inDegree}, ${label})`, 'hex');
    for (let w = 0; w < 4; w++) {
      // Hex digest bytes are the little-endian bytes of the state words.
      let word = 0;
      for (let byte = 3; byte >= 0; byte--) word = (word << 8) | parseInt(hex.slice(8 * w + 2 * byte, 8 * w + 2 * byte + 2), 16);
      initialDigests[4 * k + w] = word;
    }
    initialKnown[k] = 1;
  }
  return 4 * k;
}

function bswap(w: number): number {
  return ((w << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24)) >>> 0;
}

/** Fills hexWords and sortKeys for the current digests of vertices 0..n-1. */
function prepareRound(n: number): void {
  for (let v = 0; v < n; v++) {
    for (let k = 0; k < 4; k++) {
      const w = digests[4 * v + k] as number;
      hexWords[8 * v + 2 * k] = (HEX16[w & 255] as number) | ((HEX16[(w >>> 8) & 255] as number) << 16);
      hexWords[8 * v + 2 * k + 1] = (HEX16[(w >>> 16) & 255] as number) | ((HEX16[w >>> 24] as number) << 16);
      sortKeys[4 * v + k] = bswap(w);
    }
  }
}

/** Is vertex a's digest before vertex b's in hex-string order? */
function before(a: number, b: number): boolean {
  for (let k = 0; k < 4; k++) {
    const x = sortKeys[4 * a + k] as number;
    const y = sortKeys[4 * b + k] as number;
    if (x !== y) return x < y;
  }
  return false;
}

/** Sorts the vertices in `mask` into `order`; returns how many there are. */
function sortVertices(mask: number): number {
  let count = 0;
  while (mask !== 0) {
    const w = 31 - Math.clz32(mask & -mask);
    mask &= mask - 1;
    let i = count++;
    while (i > 0 && before(w, order[i - 1] as number)) {
      order[i] = order[i - 1] as number;
      i--;
    }
    order[i] = w;
  }
  return count;
}

/** MD5 of the first `length` bytes of `msg`, into `state`. */
function digestMessage(length: number): void {
  const words = padMd5(msg, length);
  md5Init(state);
  for (let o = 0; o < words; o += 16) md5Block(state, msg, o);
}

const PIPE = 0x7c;

/**
 * Digest of one vertex for the next round: sorted in-neighbour hex, "|", sorted
 * out-neighbour hex, "|", own hex. The in part is word-aligned; each "|" shifts what
 * follows by one byte, so later words are spliced from two hex words.
 */
function vertexDigest(v: number, inMask: number, outMask: number): void {
  let q = 0;
  let c = sortVertices(inMask);
  for (let i = 0; i < c; i++) {
    const base = 8 * (order[i] as number);
    for (let k = 0; k < 8; k++) msg[q++] = hexWords[base + k] as number;
  }
  c = sortVertices(outMask);
  let acc = PIPE;
  for (let i = 0; i < c; i++) {
    const base = 8 * (order[i] as number);
    for (let k = 0; k < 8; k++) {
      const w = hexWords[base + k] as number;
      msg[q++] = acc | (w << 8);
      acc = w >>> 24;
    }
  }
  acc |= PIPE << 8;
  const base = 8 * v;
  for (let k = 0; k < 8; k++) {
    const w = hexWords[base + k] as number;
    msg[q++] = acc | (w << 16);
    acc = w >>> 16;
  }
  msg[q] = acc;
  digestMessage(4 * q + 2);
}

/** Python's str(sorted(hashes)): "['h1', 'h2', …]", then its MD5. */
function fingerprintDigest(n: number): void {
  const c = sortVertices((1 << n) - 1);
  // "['" then each hex at a 2-byte offset; "', '" is 4 bytes, so the offset stays 2.
  let acc = 0x5b | (0x27 << 8);
  let q = 0;
  const SEPARATOR = 0x27 | (0x2c << 8) | (0x20 << 16) | (0x27 << 24);
  for (let i = 0; i < c; i++) {
    if (i > 0) {
      msg[q++] = acc | (SEPARATOR << 16);
      acc = SEPARATOR >>> 16;
    }
    const base = 8 * (order[i] as number);
    for (let k = 0; k < 8; k++) {
      const w = hexWords[base + k] as number;
      msg[q++] = acc | (w << 16);
      acc = w >>> 16;
    }
  }
  msg[q++] = acc | (0x27 << 16) | (0x5d << 24);
  digestMessage(4 * q);
}

/**
 * Hash of a graph that is already pruned (as hash_spec does after ModelSpec pruning).
 * Hashing an unpruned graph gives a different, non-official value.
 */
export function hashGraph(g: CellGraph): string {
  const n = g.n;
  if (n > MAX_N) throw new RangeError(`hashGraph supports at most ${MAX_N} vertices, got ${n}`);
  const out = g.out;
  for (let v = 0; v < n; v++) inMasksScratch[v] = 0;
  for (let u = 0; u < n; u++) {
    let m = out[u] as number;
    while (m !== 0) {
      const v = 31 - Math.clz32(m & -m);
      inMasksScratch[v] = (inMasksScratch[v] as number) | (1 << u);
      m &= m - 1;
    }
  }
  for (let v = 0; v < n; v++) {
    const slot = initialSlot(popcount7(out[v] as number), popcount7(inMasksScratch[v] as number), g.labels[v] as number);
    for (let k = 0; k < 4; k++) digests[4 * v + k] = initialDigests[slot + k] as number;
  }
  for (let round = 0; round < n; round++) {
    prepareRound(n);
    for (let v = 0; v < n; v++) {
      vertexDigest(v, inMasksScratch[v] as number, out[v] as number);
      for (let k = 0; k < 4; k++) nextDigests[4 * v + k] = state[k] as number;
    }
    const t = digests;
    digests = nextDigests;
    nextDigests = t;
  }
  prepareRound(n);
  fingerprintDigest(n);
  return md5Hex(state);
}

function popcount7(x: number): number {
  let c = 0;
  while (x !== 0) {
    x &= x - 1;
    c++;
  }
  return c;
}

/**
 * The official algorithm written as directly as possible on node:crypto strings: the
 * specification hashGraph is tested against. About 3x slower.
 */
export function hashGraphReference(g: CellGraph): string {
  const n = g.n;
  const md5 = (text: string): string => nodeHash('md5', text, 'hex');
  const edge = (u: number, v: number): boolean => ((g.out[u] as number) >>> v & 1) === 1;
  const degreeIn = (v: number): number => g.out.filter((_, u) => edge(u, v)).length;
  const degreeOut = (v: number): number => g.out.map((_, w) => w).filter((w) => edge(v, w)).length;
  let hashes = g.labels.map((label, v) => md5(`(${degreeOut(v)}, ${degreeIn(v)}, ${label})`));
  for (let round = 0; round < n; round++) {
    hashes = hashes.map((own, v) => {
      const ins = hashes.filter((_, w) => edge(w, v)).sort();
      const outs = hashes.filter((_, w) => edge(v, w)).sort();
      return md5(ins.join('') + '|' + outs.join('') + '|' + own);
    });
  }
  return md5('[' + hashes.sort().map((h) => `'${h}'`).join(', ') + ']');
}

/** Official module hash of a (possibly unpruned) cell; throws when it is outside the space. */
export function hashCell(cell: Nb101Cell): string {
  const p = prune(cellToGraph(cell));
  const problem = prunedProblem(p);
  if (problem !== null || p === null) throw new Error(`cannot hash this NAS-Bench-101 cell: ${problem ?? 'it is invalid'}`);
  return hashGraph(p);
}
