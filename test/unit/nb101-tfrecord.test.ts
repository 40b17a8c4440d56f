import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  crc32c,
  decodeModelMetrics,
  encodeTfRecord,
  importNb101TfRecord,
  maskedCrc32c,
  parseNb101Row,
  readTfRecords,
  readTfRecordsSync,
  TfRecordError,
} from '../../src-main/nas/benchmarks/nb101/index.ts';
import { writeRewrittenNb101 } from '../helpers/wrong-data.ts';

const DATA_DIR = fileURLToPath(new URL('../../../shared/benchmark-data/nb101/', import.meta.url));
const REAL30 = join(DATA_DIR, 'nb101_real30.tfrecord');
const skipReal = existsSync(REAL30) ? false : `NB101 data not found at ${REAL30} (../shared/benchmark-data next to the repo); skipping`;

const dir = mkdtempSync(join(tmpdir(), 'nb101-tfrecord-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(path: string, chunkSize?: number): Promise<{ data: string; offset: number }[]> {
  const out: { data: string; offset: number }[] = [];
  for await (const r of readTfRecords(path, chunkSize === undefined ? {} : { chunkSize })) out.push({ data: Buffer.from(r.data).toString(), offset: r.offset });
  return out;
}

function readAllSync(path: string, chunkSize?: number): { data: string; offset: number }[] {
  const out: { data: string; offset: number }[] = [];
  for (const r of readTfRecordsSync(path, chunkSize === undefined ? {} : { chunkSize })) out.push({ data: Buffer.from(r.data).toString(), offset: r.offset });
  return out;
}

/** Both readers share one framer: they must refuse a file the same way. */
async function expectError(path: string, offset: number, pattern: RegExp): Promise<void> {
  const check = (e: unknown): true => {
    assert.ok(e instanceof TfRecordError, String(e));
    assert.equal(e.offset, offset);
    assert.match(e.message, pattern);
    return true;
  };
  await assert.rejects(readAll(path), check);
  assert.throws(() => readAllSync(path), check);
}

test('CRC-32C known values and masking', () => {
  const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
  assert.equal(crc32c(ascii('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
  // Incremental over any split equals one pass (exercises the 8-byte and tail loops).
  const bytes = ascii('The quick brown fox jumps over the lazy dog, twice over.');
  for (let cut = 0; cut <= bytes.length; cut++) assert.equal(crc32c(bytes, cut, bytes.length, crc32c(bytes, 0, cut)), crc32c(bytes));
  assert.equal(maskedCrc32c(ascii('')), (0xa282ead8 >>> 0));
});

test('framing round-trip, records spanning chunk boundaries', async () => {
  const payloads = ['', 'a', 'hello world', 'x'.repeat(1000), 'tail'];
  const path = join(dir, 'roundtrip.tfrecord');
  writeFileSync(path, Buffer.concat(payloads.map((p) => encodeTfRecord(new TextEncoder().encode(p)))));
  for (const chunkSize of [1, 7, 64, 1 << 20]) {
    const records = await readAll(path, chunkSize);
    assert.deepEqual(records.map((r) => r.data), payloads);
    assert.deepEqual(records.map((r) => r.offset), [0, 16, 33, 60, 1076]);
    assert.deepEqual(readAllSync(path, chunkSize), records);
    // onChunk sees every byte of the file once, in order (the import's SHA-256 relies on it).
    const chunks: Buffer[] = [];
    for (const _ of readTfRecordsSync(path, { chunkSize, onChunk: (b) => chunks.push(Buffer.from(b)) }));
    assert.deepEqual(Buffer.concat(chunks), readFileSync(path));
  }
  writeFileSync(join(dir, 'empty.tfrecord'), '');
  assert.deepEqual(await readAll(join(dir, 'empty.tfrecord')), []);
  assert.deepEqual(readAllSync(join(dir, 'empty.tfrecord')), []);
});

test('truncation and corruption report the byte offset of the damaged record', async () => {
  const records = ['first', 'second record', 'third'].map((p) => encodeTfRecord(new TextEncoder().encode(p)));
  const whole = Buffer.concat(records);
  const second = records[0]!.length; // offset of record 2
  const write = (name: string, bytes: Uint8Array): string => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  await expectError(write('cut-header.tfrecord', whole.subarray(0, second + 5)), second, /truncated record at byte 21: the file ends 5 bytes into a 12-byte record header/);
  await expectError(write('cut-data.tfrecord', whole.subarray(0, second + 14)), second, /truncated record at byte 21: the record needs 29 bytes but the file ends after 14/);
  await expectError(write('cut-footer.tfrecord', whole.subarray(0, whole.length - 2)), second + records[1]!.length, /truncated record/);
  const badData = Buffer.from(whole);
  badData[second + 12 + 3]! ^= 0x01;
  await expectError(write('bad-data.tfrecord', badData), second, /corrupt record at byte 21: the 13-byte payload fails its CRC-32C check/);
  const badLength = Buffer.from(whole);
  badLength[second]! ^= 0x40;
  await expectError(write('bad-length.tfrecord', badLength), second, /corrupt record at byte 21: the length field fails its CRC-32C check/);
  await expectError(write('not-tfrecord.tfrecord', new TextEncoder().encode('{"this": "is json, not a tfrecord"}')), 0, /length field fails/);
});

test('protobuf: ModelMetrics fields, unknown fields skipped, damage detected', () => {
  const double = (field: number, x: number): number[] => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(x);
    return [(field << 3) | 1, ...b];
  };
  const evaluation = (epoch: number, time: number, tr: number, va: number, te: number): number[] => [
    ...double(1, epoch), ...double(2, time), ...double(3, tr), ...double(4, va), ...double(5, te),
    (6 << 3) | 2, 3, 0x61, 0x62, 0x63, // checkpoint_path "abc"
    (9 << 3) | 0, 0x96, 0x01, // unknown varint field
  ];
  const e0 = evaluation(0, 0, 0.1, 0.1, 0.1);
  const e1 = evaluation(54, 700.5, 0.8, 0.75, 0.74);
  const message = Uint8Array.from([
    (1 << 3) | 2, e0.length, ...e0,
    (1 << 3) | 2, e1.length, ...e1,
    (2 << 3) | 0, 0x8a, 0x94, 0x81, 0x03, // 6310410
    ...double(3, 1234.5),
    (15 << 3) | 5, 1, 2, 3, 4, // unknown fixed32
  ]);
  const m = decodeModelMetrics(message);
  assert.equal(m.trainableParameters, 0x8a & 0x7f | (0x14 << 7) | (0x01 << 14) | (0x03 << 21));
  assert.equal(m.totalTime, 1234.5);
  assert.equal(m.evaluationData.length, 2);
  assert.deepEqual(m.evaluationData[1], { currentEpoch: 54, trainingTime: 700.5, trainAccuracy: 0.8, validationAccuracy: 0.75, testAccuracy: 0.74, checkpointPath: 'abc' });
  // A negative int32 is a 10-byte varint.
  assert.equal(decodeModelMetrics(Uint8Array.from([0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).trainableParameters, -1);
  assert.throws(() => decodeModelMetrics(message.subarray(0, 20)), /malformed ModelMetrics protobuf at byte \d+: length-delimited field runs past the end/);
  assert.throws(() => decodeModelMetrics(Uint8Array.from([(2 << 3) | 1, 0, 0, 0, 0, 0, 0, 0, 0])), /field 2 has wire type 1, expected 0/);
});

test('the official-format 30-model file: 90 rows, 3 repeats each, as nb101_dummy.json', { skip: skipReal }, async () => {
  const dummy = JSON.parse(readFileSync(join(DATA_DIR, 'nb101_dummy.json'), 'utf8')) as Record<
    string,
    { fixed_metrics: { module_adjacency: number[][]; module_operations: string[]; trainable_parameters: number }; computed_metrics: Record<string, Record<string, number>[]> }
  >;
  const seen = new Map<string, number>();
  for await (const record of readTfRecords(REAL30)) {
    const row = parseNb101Row(record.data, `record at ${record.offset}`);
    assert.equal(row.epochs, 108);
    const expected = dummy[row.hash];
    assert.ok(expected, `hash ${row.hash} is not in nb101_dummy.json`);
    const repeat = seen.get(row.hash) ?? 0;
    seen.set(row.hash, repeat + 1);
    assert.equal(row.trainableParameters, expected.fixed_metrics.trainable_parameters);
    assert.equal(row.graph.n, expected.fixed_metrics.module_operations.length);
    const run = expected.computed_metrics['108']![repeat]!;
    assert.deepEqual(row.metrics, [
      run['final_train_accuracy'], run['final_validation_accuracy'], run['final_test_accuracy'], run['final_training_time'],
      run['halfway_train_accuracy'], run['halfway_validation_accuracy'], run['halfway_test_accuracy'], run['halfway_training_time'],
    ]);
  }
  assert.equal(seen.size, 30);
  assert.ok([...seen.values()].every((n) => n === 3));
});

/** The real 30-model file with its rows rearranged: each record's JSON row, as the official writer frames it. */
function rewritten(name: string, edit: (rows: unknown[][]) => unknown[][]): string {
  return writeRewrittenNb101(join(dir, name), edit);
}

test('official repeats: every model has exactly 3 per epoch budget; 6 repeats, a missing one or a foreign budget is refused', { skip: skipReal }, async () => {
  const hashOf = (row: unknown[]): string => row[0] as string;
  const doubled = rewritten('doubled.tfrecord', (rows) => [...rows, ...rows]);
  await assert.rejects(importNb101TfRecord(doubled, join(dir, 'never1.nb101')), /doubled\.tfrecord: model [0-9a-f]{32} has 6 training repeats at 108 epochs; the official NAS-Bench-101 files hold exactly 3 per model and epoch budget \(30 of 30 differ\)/);
  let dropped = '';
  const missing = rewritten('missing.tfrecord', (rows) => {
    dropped = hashOf(rows[40]!);
    return rows.filter((_, i) => i !== 40);
  });
  await assert.rejects(importNb101TfRecord(missing, join(dir, 'never2.nb101')), new RegExp(`model ${dropped} has 2 training repeats at 108 epochs; .* \\(1 of 30 differ\\)`));
  const budget = rewritten('budget.tfrecord', (rows) => rows.map((row, i) => (i === 0 ? [row[0], 36, ...row.slice(2)] : row)));
  await assert.rejects(importNb101TfRecord(budget, join(dir, 'never3.nb101')), /budget\.tfrecord has epoch budgets 36, 108; the official NAS-Bench-101 files have 108 \(nasbench_only108\) or 4, 12, 36, 108 \(nasbench_full\)/);
  for (const n of [1, 2, 3]) assert.ok(!existsSync(join(dir, `never${n}.nb101`)));
  // The file as published passes.
  const summary = await importNb101TfRecord(rewritten('same.tfrecord', (rows) => rows), join(dir, 'same.nb101'));
  assert.equal(summary.repeats, 3);
});
