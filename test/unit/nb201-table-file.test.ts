import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { emptyNb201Table } from '../../src-main/nas/benchmarks/nb201/rows.ts';
import { decodeNb201TableFile, encodeNb201TableFile, isNb201TableFile, openNb201Table, writeNb201TableFile } from '../../src-main/nas/benchmarks/nb201/table-file.ts';
import type { Nb201Table } from '../../src-main/nas/benchmarks/nb201/table.ts';
import { writeFileAtomic } from '../../src-main/nas/io/atomic-file.ts';
import { Rng } from '../../src-main/nas/rng.ts';
import { tempDir } from '../helpers/data.ts';

/** A table of awkward doubles: long decimal expansions, tiny and huge values, a NaN column. */
function randomTable(withTrain: boolean): Nb201Table {
  const rng = new Rng(7);
  const table = emptyNb201Table('cifar100', 12);
  for (let i = 0; i < table.valid.length; i++) {
    table.valid[i] = Number((rng.next() * 100).toPrecision(17)) / 100;
    table.test[i] = rng.next();
    if (withTrain) {
      table.train[i] = i === 5 ? 0 : rng.next() * 1e-300;
      table.trainSeconds[i] = rng.next() * 1e6;
    }
  }
  return table;
}

function assertSameBits(a: Nb201Table, b: Nb201Table): void {
  for (const column of ['valid', 'test', 'train', 'trainSeconds'] as const) {
    assert.equal(a[column].length, b[column].length);
    a[column].forEach((v, i) => assert.ok(Object.is(v, b[column][i]), `${column}[${i}]: ${v} vs ${b[column][i]}`));
  }
}

test('a table round-trips through the compact file bit for bit, with its dataset and epochs', () => {
  for (const withTrain of [true, false]) {
    const table = randomTable(withTrain);
    const bytes = encodeNb201TableFile(table);
    assert.ok(isNb201TableFile(bytes));
    const back = decodeNb201TableFile(bytes, 'x.nb201');
    assert.equal(back.dataset, 'cifar100');
    assert.equal(back.epochs, 12);
    assertSameBits(back, table);
  }
  assert.ok(encodeNb201TableFile(randomTable(false)).length < encodeNb201TableFile(randomTable(true)).length, 'absent columns take no space');
});

test('damage anywhere is refused: a flipped byte, a truncation, another version, another file', () => {
  const bytes = encodeNb201TableFile(randomTable(false));
  for (const at of [12, 50, Math.floor(bytes.length / 2), bytes.length - 1]) {
    const copy = Buffer.from(bytes);
    copy[at] = copy[at]! ^ 0x01;
    assert.throws(() => decodeNb201TableFile(copy, 'x.nb201'), /x\.nb201 is damaged: SHA-256 checksum mismatch/, `byte ${at}`);
  }
  assert.throws(() => decodeNb201TableFile(bytes.subarray(0, bytes.length - 100), 'x.nb201'), /checksum mismatch/);
  assert.throws(() => decodeNb201TableFile(bytes.subarray(0, 20), 'x.nb201'), /too short for a table/);
  const newer = Buffer.from(bytes);
  newer.writeUInt32LE(2, 8);
  assert.throws(() => decodeNb201TableFile(newer, 'x.nb201'), /has table file version 2; this archwalk reads version 1/);
  assert.throws(() => decodeNb201TableFile(Buffer.from('{"format":"archwalk-nb201-table"}'), 'x.json'), /x\.json is not an archwalk NAS-Bench-201 table file/);
});

test('a registered table opens in either format: the compact file, or the JSON of older imports', () => {
  const dir = tempDir();
  try {
    const table = randomTable(true);
    const compact = join(dir.path, 'a.nb201');
    writeNb201TableFile(table, compact);
    assertSameBits(openNb201Table(compact), table);
    const json = join(dir.path, 'b.nb201.json');
    writeFileAtomic(json, JSON.stringify({ ...table, dataset: null, epochs: null }));
    const legacy = openNb201Table(json);
    assert.equal(legacy.dataset, null, 'a null dataset stays null (only value arrays map null to NaN)');
    assertSameBits(legacy, table);
    assert.ok(isNb201TableFile(readFileSync(compact)) && !isNb201TableFile(readFileSync(json)));
  } finally {
    dir.cleanup();
  }
});
