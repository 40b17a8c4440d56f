/**
 * Just enough protobuf (proto2 wire format) to read nasbench's ModelMetrics, per the
 * official lib/model_metrics.proto:
 *
 *   message ModelMetrics   { repeated EvaluationData evaluation_data = 1;
 *                            optional int32 trainable_parameters = 2; optional double total_time = 3; }
 *   message EvaluationData { optional double current_epoch = 1; optional double training_time = 2;
 *                            optional double train_accuracy = 3; optional double validation_accuracy = 4;
 *                            optional double test_accuracy = 5; optional string checkpoint_path = 6; }
 *
 * A generated decoder would pull in a protobuf runtime for three doubles and an int.
 * Unknown fields are skipped, as protobuf parsers do; a known field with the wrong wire
 * type or a message that runs past its end is an error, since that means damaged data.
 */

export interface EvaluationData {
  currentEpoch?: number;
  trainingTime?: number;
  trainAccuracy?: number;
  validationAccuracy?: number;
  testAccuracy?: number;
  checkpointPath?: string;
}

export interface ModelMetrics {
  evaluationData: EvaluationData[];
  trainableParameters?: number;
  totalTime?: number;
}

const VARINT = 0;
const FIXED64 = 1;
const BYTES = 2;
const FIXED32 = 5;

class Reader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  pos: number;
  readonly end: number;

  constructor(bytes: Uint8Array, start: number, end: number) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
  }

  fail(what: string): never {
    throw new Error(`malformed ModelMetrics protobuf at byte ${this.pos}: ${what}`);
  }

  /** A varint as [low 32 bits, high 32 bits] folded into a JS number where exact. */
  varint(): { low: number; high: number } {
    let low = 0;
    let high = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (this.pos >= this.end) this.fail('varint runs past the end');
      const b = this.bytes[this.pos++] as number;
      const part = b & 0x7f;
      if (shift < 28) low |= part << shift;
      else if (shift === 28) {
        low |= part << 28;
        high |= part >>> 4;
      } else high |= part << (shift - 32);
      if ((b & 0x80) === 0) return { low: low >>> 0, high: high >>> 0 };
    }
    return this.fail('varint longer than 10 bytes');
  }

  double(): number {
    if (this.pos + 8 > this.end) this.fail('double runs past the end');
    const x = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return x;
  }

  length(): number {
    const { low, high } = this.varint();
    if (high !== 0 || this.pos + low > this.end) this.fail('length-delimited field runs past the end');
    return low;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case VARINT:
        this.varint();
        return;
      case FIXED64:
        if (this.pos + 8 > this.end) this.fail('fixed64 runs past the end');
        this.pos += 8;
        return;
      case BYTES:
        this.pos += this.length();
        return;
      case FIXED32:
        if (this.pos + 4 > this.end) this.fail('fixed32 runs past the end');
        this.pos += 4;
        return;
      default:
        this.fail(`unsupported wire type ${wireType}`);
    }
  }

  /** Next field's (number, wire type), or null at the end. */
  tag(): { field: number; wireType: number } | null {
    if (this.pos >= this.end) return null;
    const { low, high } = this.varint();
    if (high !== 0) this.fail('field tag too large');
    return { field: low >>> 3, wireType: low & 7 };
  }

  expect(field: number, wireType: number, wanted: number): void {
    if (wireType !== wanted) this.fail(`field ${field} has wire type ${wireType}, expected ${wanted}`);
  }
}

function decodeEvaluation(r: Reader): EvaluationData {
  const e: EvaluationData = {};
  for (let t = r.tag(); t !== null; t = r.tag()) {
    const { field, wireType } = t;
    if (field >= 1 && field <= 5) {
      r.expect(field, wireType, FIXED64);
      const x = r.double();
      if (field === 1) e.currentEpoch = x;
      else if (field === 2) e.trainingTime = x;
      else if (field === 3) e.trainAccuracy = x;
      else if (field === 4) e.validationAccuracy = x;
      else e.testAccuracy = x;
    } else if (field === 6) {
      r.expect(field, wireType, BYTES);
      const n = r.length();
      e.checkpointPath = new TextDecoder().decode(r.bytes.subarray(r.pos, r.pos + n));
      r.pos += n;
    } else r.skip(wireType);
  }
  return e;
}

export function decodeModelMetrics(bytes: Uint8Array): ModelMetrics {
  const r = new Reader(bytes, 0, bytes.length);
  const m: ModelMetrics = { evaluationData: [] };
  for (let t = r.tag(); t !== null; t = r.tag()) {
    const { field, wireType } = t;
    if (field === 1) {
      r.expect(field, wireType, BYTES);
      const n = r.length();
      m.evaluationData.push(decodeEvaluation(new Reader(bytes, r.pos, r.pos + n)));
      r.pos += n;
    } else if (field === 2) {
      r.expect(field, wireType, VARINT);
      // int32: negative values are sign-extended to 64 bits; the low word holds them.
      m.trainableParameters = r.varint().low | 0;
    } else if (field === 3) {
      r.expect(field, wireType, FIXED64);
      m.totalTime = r.double();
    } else r.skip(wireType);
  }
  return m;
}
