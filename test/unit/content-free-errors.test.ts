import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentFreeError, withoutFileContent } from '../../src-main/services/content-free-errors.ts';

test('parser messages keep the file, line, field and problem but lose the quoted content', () => {
  let jsonMessage = '';
  try {
    JSON.parse('root:x:0:0:root:/root:/bin/bash');
  } catch (error) {
    jsonMessage = (error as Error).message;
  }
  assert.match(jsonMessage, /root:x/, 'V8 quotes the text it choked on');
  assert.equal(withoutFileContent(`cannot read /h/p.json: ${jsonMessage}`), 'cannot read /h/p.json: the text is not valid JSON');
  assert.equal(
    withoutFileContent('line 7: valid-accuracy is "hunter2", not a number'),
    'line 7: valid-accuracy is (a value from the file, not shown), not a number',
  );
  assert.equal(
    withoutFileContent('line 2: "root:x:0:0" is not a NAS-Bench-201 arch string: expected 3 node groups separated by "+", found 1'),
    'line 2: (a value from the file, not shown) is not a NAS-Bench-201 arch string: expected 3 node groups separated by "+", found 1',
  );
  const kept = 'line 1: the header has no "valid-accuracy" column; expected columns arch_str, valid-accuracy';
  assert.equal(withoutFileContent(kept), kept);
  const error = Object.assign(new TypeError('x is "secret"'), { code: 'E' });
  assert.equal(contentFreeError(error), error);
  assert.equal(error.message, 'x is (a value from the file, not shown)');
});
