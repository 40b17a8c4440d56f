/**
 * YAHPO's exported surrogates declare a fixed batch size of 1 on their inputs and output
 * (x_cat [1, 34], x_cont [1, 1], output [1, 2]), although the graph itself takes the
 * batch size from the input's Shape. To batch queries we rename that first dimension to
 * a symbolic one ("batch") in the ModelProto and change nothing else.
 *
 * Just enough protobuf to do that: walk ModelProto.graph (7) → GraphProto.input (11) /
 * output (12) → ValueInfoProto.type (2) → TypeProto.tensor_type (1) → shape (2) → first
 * dim (1), and replace its dim_value (1) with dim_param (2). Every other byte is copied.
 */

const VARINT = 0;
const FIXED64 = 1;
const BYTES = 2;
const FIXED32 = 5;

interface Field {
  field: number;
  wire: number;
  /** Whole field including the tag. */
  start: number;
  /** Payload of a length-delimited field. */
  payloadStart: number;
  end: number;
}

function readVarint(bytes: Uint8Array, pos: number, end: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new Error('malformed ONNX protobuf: a varint runs past the end');
    const b = bytes[pos++]!;
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return { value, next: pos };
  }
  throw new Error('malformed ONNX protobuf: varint longer than 10 bytes');
}

function fields(bytes: Uint8Array): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const tag = readVarint(bytes, pos, bytes.length);
    pos = tag.next;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    let payloadStart = pos;
    switch (wire) {
      case VARINT:
        pos = readVarint(bytes, pos, bytes.length).next;
        break;
      case FIXED64:
        pos += 8;
        break;
      case FIXED32:
        pos += 4;
        break;
      case BYTES: {
        const len = readVarint(bytes, pos, bytes.length);
        payloadStart = len.next;
        pos = len.next + len.value;
        break;
      }
      default:
        throw new Error(`malformed ONNX protobuf: wire type ${wire} at byte ${start}`);
    }
    if (pos > bytes.length) throw new Error(`malformed ONNX protobuf: field ${field} at byte ${start} runs past the end`);
    out.push({ field, wire, start, payloadStart, end: pos });
  }
  return out;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

function lengthDelimited(field: number, payload: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([...varint(field * 8 + BYTES), ...varint(payload.length)]), payload]);
}

/** Rewrites the payload of length-delimited `field` (the first, or every, occurrence). */
function mapField(bytes: Uint8Array, field: number, fn: (payload: Uint8Array) => Uint8Array, every: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  let done = false;
  for (const f of fields(bytes)) {
    if (f.field === field && f.wire === BYTES && (every || !done)) {
      parts.push(lengthDelimited(field, fn(bytes.subarray(f.payloadStart, f.end))));
      done = true;
    } else {
      parts.push(bytes.subarray(f.start, f.end));
    }
  }
  return concat(parts);
}

function symbolicDim(dim: Uint8Array, name: string): Uint8Array {
  const value = fields(dim).find((f) => f.field === 1 && f.wire === VARINT);
  if (!value) return dim;
  const rest = fields(dim)
    .filter((f) => f.field !== 1 && f.field !== 2)
    .map((f) => dim.subarray(f.start, f.end));
  return concat([lengthDelimited(2, new TextEncoder().encode(name)), ...rest]);
}

/** The model with the first dimension of every graph input and output made symbolic. */
export function withSymbolicBatch(model: Uint8Array, name = 'batch'): Uint8Array {
  const valueInfo = (info: Uint8Array): Uint8Array =>
    mapField(info, 2, (type) => mapField(type, 1, (tensor) => mapField(tensor, 2, (shape) => mapField(shape, 1, (dim) => symbolicDim(dim, name), false), false), false), false);
  return mapField(
    model,
    7,
    (graph) => mapField(mapField(graph, 11, valueInfo, true), 12, valueInfo, true),
    false,
  );
}
