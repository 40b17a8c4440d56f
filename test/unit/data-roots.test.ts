import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, parse } from 'node:path';
import { test } from 'node:test';
import { confineToDataRoots, dataRoots, OutsideDataRootsError } from '../../src-main/services/data-roots.ts';

test('a home folder that is the filesystem root is not a data root, so /etc/passwd stays outside', () => {
  const archwalkHome = mkdtempSync(join(tmpdir(), 'archwalk-roots-'));
  try {
    const fsRoot = parse(archwalkHome).root;
    const roots = dataRoots(archwalkHome, [], [], fsRoot);
    assert.deepEqual(roots, [archwalkHome]);
    assert.throws(() => confineToDataRoots('/etc/passwd', roots), OutsideDataRootsError);
    assert.equal(confineToDataRoots(join(archwalkHome, 'table.csv'), roots), join(archwalkHome, 'table.csv'));
  } finally {
    rmSync(archwalkHome, { recursive: true, force: true });
  }
});

test('an ordinary home folder is the first data root; roots the user names are kept as named', () => {
  const roots = dataRoots('/srv/archwalk', ['/data/tables'], ['/'], '/home/ada');
  assert.deepEqual(roots, ['/home/ada', '/srv/archwalk', '/data/tables', '/']);
});
