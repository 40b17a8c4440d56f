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
 * calls, ~120 MD5 blocks, per 7-vertex cell). Instead of building hex strings, each
 * round writes all n vertex messages straight into a word buffer from the previous
 * round's digests (each digest is turned into its 8 hex words once per round), and the
 * messages, being independent, go through MD5 up to three at a time (md5-engine.ts);
 * only the fingerprint becomes a string. `hashGraphReference` is the plain string
 * version on node:crypto, kept as the executable specification the fast path is tested
 * against.
 */
import { hash as nodeHash } from 'node:crypto';
import { cellToGraph, type CellGraph, type Nb101Cell } from './matrix.ts';
import { md5Hex, md5Init, padMd5 } from './md5.ts';
import { defaultMd5Engine, type Md5Engine } from './md5-engine.ts';
import { prune, prunedProblem } from './prune.ts';

// Bitmask graphs and the h0 table (degrees 0..7) cover up to 8 vertices; NB101 needs 7.
const MAX_N = 8;
/** Words per message slot: at most 7 neighbour digests + own + 2 bytes, padded = 5 blocks. */
const STRIDE = 80;

const engine: Md5Engine = defaultMd5Engine();
/** Which MD5 engine hashing uses ('wasm' normally, 'js' without WebAssembly). */
export const md5EngineKind = engine.kind;
// Engine memory layout (words): two banks of per-vertex digests, then message slots.
const mem = engine.words;
const BANK_A = 0;
const BANK_B = 4 * MAX_N;
const MSG = 8 * MAX_N;
/** Bank holding the current round's digests; the other receives the next round's. */
let current = BANK_A;

// Scratch buffers: hashing is synchronous and never re-entered, so one set suffices.
const blockCounts = new Int32Array(MAX_N);
/** The 32 hex characters of each vertex's digest as 8 little-endian words. */
const hexWords = new Int32Array(8 * MAX_N);
/** Digest bytes big-endian per word, so unsigned comparison follows hex-string order. */
const sortKeys = new Uint32Array(4 * MAX_N);
const inMasks = new Int32Array(MAX_N);
const order = new Int32Array(MAX_N);
const laneA = new Int32Array(MAX_N + 1);
const laneB = new Int32Array(MAX_N + 1);
const laneC = new Int32Array(MAX_N + 1);

/**
 * The four hex characters of a 16-bit half of a digest word (its two bytes in memory
 * order) as one little-endian word: one lookup per message word (256 KiB table).
 */
const HEX4 = new Int32Array(65536);
for (let x = 0; x < 65536; x++) {
  const hex = (x & 255).toString(16).padStart(2, '0') + (x >>> 8).toString(16).padStart(2, '0');
  HEX4[x] = hex.charCodeAt(0) | (hex.charCodeAt(1) << 8) | (hex.charCodeAt(2) << 16) | (hex.charCodeAt(3) << 24);
}

// h0 only depends on (out degree, in degree, label): a table of the official values.
// Labels -2..13 are accepted (NB101 uses -2..2; graph_util's own tests use a few more).
const LABELS = 16;
const initialDigests = new Int32Array(8 * 8 * LABELS * 4);
const initialKnown = new Uint8Array(8 * 8 * LABELS);

function initialSlot(outDegree: number, inDegree: number, label: number): number {
  if (!(label >= -2 && label < LABELS - 2) || !Number.isInteger(label)) {
    throw new RangeError(`hashGraph supports integer labels -2..${LABELS - 3}, got ${label}`);
  }
  const k = (outDegree * 8 + inDegree) * LABELS + (label + 2);
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
      const w = mem[current + 4 * v + k] as number;
      hexWords[8 * v + 2 * k] = HEX4[w & 0xffff] as number;
      hexWords[8 * v + 2 * k + 1] = HEX4[w >>> 16] as number;
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

/**
 * Sorts vertices 0..n-1 by digest into `order`, once per round: a vertex's sorted
 * neighbour list is then `order` filtered by its neighbour mask, with no per-vertex sort.
 */
function sortRound(n: number): void {
  for (let v = 0; v < n; v++) {
    let i = v;
    while (i > 0 && before(v, order[i - 1] as number)) {
      order[i] = order[i - 1] as number;
      i--;
    }
    order[i] = v;
  }
}

const PIPE = 0x7c;

/**
 * Writes (padded) the message of vertex v for the next round into its slot: sorted
 * in-neighbour hex, "|", sorted out-neighbour hex, "|", own hex. The in part is
 * word-aligned; each "|" shifts what follows by one byte, so later words are spliced
 * from two hex words. Returns the number of MD5 blocks.
 */
function writeVertexMessage(v: number, n: number, inMask: number, outMask: number): number {
  const o = MSG + v * STRIDE;
  let q = o;
  for (let i = 0; i < n; i++) {
    const w = order[i] as number;
    if (((inMask >>> w) & 1) === 0) continue;
    const base = 8 * w;
    for (let k = 0; k < 8; k++) mem[q++] = hexWords[base + k] as number;
  }
  let acc = PIPE;
  for (let i = 0; i < n; i++) {
    const u = order[i] as number;
    if (((outMask >>> u) & 1) === 0) continue;
    const base = 8 * u;
    for (let k = 0; k < 8; k++) {
      const w = hexWords[base + k] as number;
      mem[q++] = acc | (w << 8);
      acc = w >>> 24;
    }
  }
  acc |= PIPE << 8;
  const base = 8 * v;
  for (let k = 0; k < 8; k++) {
    const w = hexWords[base + k] as number;
    mem[q++] = acc | (w << 16);
    acc = w >>> 16;
  }
  mem[q] = acc;
  return padMd5(mem, o, 4 * (q - o) + 2);
}

/**
 * Digests the n prepared messages into mem[target..], three lanes at a time (see
 * md5-engine.ts). Each vertex goes to the lane with the fewest blocks so far, then the
 * lanes advance in lockstep; when a lane runs dry the others go on two or one at a time.
 */
function digestMessages(n: number, target: number): void {
  let na = 0;
  let nb = 0;
  let nc = 0;
  let ta = 0;
  let tb = 0;
  let tc = 0;
  for (let v = 0; v < n; v++) {
    md5Init(mem, target + 4 * v);
    const blocks = blockCounts[v] as number;
    if (ta <= tb && ta <= tc) {
      laneA[na++] = v;
      ta += blocks;
    } else if (tb <= tc) {
      laneB[nb++] = v;
      tb += blocks;
    } else {
      laneC[nc++] = v;
      tc += blocks;
    }
  }
  let ia = 0;
  let ib = 0;
  let ic = 0;
  let ja = 0;
  let jb = 0;
  let jc = 0;
  let va = na > 0 ? (laneA[0] as number) : -1;
  let vb = nb > 0 ? (laneB[0] as number) : -1;
  let vc = nc > 0 ? (laneC[0] as number) : -1;
  for (;;) {
    // State and message word offsets of each lane's current block (-1: lane idle).
    const sa = va >= 0 ? target + 4 * va : -1;
    const sb = vb >= 0 ? target + 4 * vb : -1;
    const sc = vc >= 0 ? target + 4 * vc : -1;
    const oa = MSG + va * STRIDE + 16 * ja;
    const ob = MSG + vb * STRIDE + 16 * jb;
    const oc = MSG + vc * STRIDE + 16 * jc;
    if (sa >= 0 && sb >= 0 && sc >= 0) engine.block3(sa, sb, sc, oa, ob, oc);
    else if (sa >= 0 && sb >= 0) engine.block2(sa, sb, oa, ob);
    else if (sa >= 0 && sc >= 0) engine.block2(sa, sc, oa, oc);
    else if (sb >= 0 && sc >= 0) engine.block2(sb, sc, ob, oc);
    else if (sa >= 0) engine.block(sa, oa);
    else if (sb >= 0) engine.block(sb, ob);
    else if (sc >= 0) engine.block(sc, oc);
    else return;
    if (va >= 0 && ++ja === blockCounts[va]) {
      ja = 0;
      va = ++ia < na ? (laneA[ia] as number) : -1;
    }
    if (vb >= 0 && ++jb === blockCounts[vb]) {
      jb = 0;
      vb = ++ib < nb ? (laneB[ib] as number) : -1;
    }
    if (vc >= 0 && ++jc === blockCounts[vc]) {
      jc = 0;
      vc = ++ic < nc ? (laneC[ic] as number) : -1;
    }
  }
}

/**
 * Python's str(sorted(hashes)) — "['h1', 'h2', …]" — digested into mem[target..target+4).
 * "['" puts every hex at a 2-byte offset; "', '" is 4 bytes, so the offset stays 2.
 */
function fingerprint(n: number, target: number): void {
  const SEPARATOR = 0x27 | (0x2c << 8) | (0x20 << 16) | (0x27 << 24);
  let acc = 0x5b | (0x27 << 8);
  let q = MSG;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      mem[q++] = acc | (SEPARATOR << 16);
      acc = SEPARATOR >>> 16;
    }
    const base = 8 * (order[i] as number);
    for (let k = 0; k < 8; k++) {
      const w = hexWords[base + k] as number;
      mem[q++] = acc | (w << 16);
      acc = w >>> 16;
    }
  }
  mem[q++] = acc | (0x27 << 16) | (0x5d << 24);
  const blocks = padMd5(mem, MSG, 4 * (q - MSG));
  md5Init(mem, target);
  for (let k = 0; k < blocks; k++) engine.block(target, MSG + 16 * k);
}

/**
 * Hash of a graph that is already pruned (as hash_spec does after ModelSpec pruning).
 * Hashing an unpruned graph gives a different, non-official value.
 */
export function hashGraph(g: CellGraph): string {
  const n = g.n;
  if (n > MAX_N) throw new RangeError(`hashGraph supports at most ${MAX_N} vertices, got ${n}`);
  const out = g.out;
  for (let v = 0; v < n; v++) inMasks[v] = 0;
  for (let u = 0; u < n; u++) {
    let m = out[u] as number;
    while (m !== 0) {
      const v = 31 - Math.clz32(m & -m);
      inMasks[v] = (inMasks[v] as number) | (1 << u);
      m &= m - 1;
    }
  }
  current = BANK_A;
  for (let v = 0; v < n; v++) {
    const slot = initialSlot(popcount8(out[v] as number), popcount8(inMasks[v] as number), g.labels[v] as number);
    for (let k = 0; k < 4; k++) mem[current + 4 * v + k] = initialDigests[slot + k] as number;
  }
  for (let round = 0; round < n; round++) {
    prepareRound(n);
    sortRound(n);
    for (let v = 0; v < n; v++) blockCounts[v] = writeVertexMessage(v, n, inMasks[v] as number, out[v] as number);
    const next = current === BANK_A ? BANK_B : BANK_A;
    digestMessages(n, next);
    current = next;
  }
  prepareRound(n);
  sortRound(n);
  const target = current === BANK_A ? BANK_B : BANK_A;
  fingerprint(n, target);
  return md5Hex(mem, target);
}

function popcount8(x: number): number {
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
