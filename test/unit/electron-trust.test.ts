import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { devServerOrigin, isTrustedRendererUrl, senderUrl } from '../../src-main/electron/trust.ts';
import { appPaths, resolveHome } from '../../src-main/electron/paths.ts';

const rendererDir = '/opt/archwalk/resources/app.asar/out/renderer';
const built = { rendererDir };
const dev = { rendererDir, devServerUrl: 'http://localhost:5173' };
const fileUrl = (path: string): string => pathToFileURL(path).href;

describe('isTrustedRendererUrl', () => {
  it('trusts files inside the built renderer folder, with query and hash', () => {
    assert.equal(isTrustedRendererUrl(fileUrl(join(rendererDir, 'index.html')), built), true);
    assert.equal(isTrustedRendererUrl(`${fileUrl(join(rendererDir, 'index.html'))}#/runs/3?tab=curve`, built), true);
    assert.equal(isTrustedRendererUrl(fileUrl(join(rendererDir, 'assets', 'index-abc.js')), built), true);
  });

  it('refuses other origins and schemes', () => {
    for (const url of ['https://evil.example', 'https://evil.example/out/renderer/index.html', 'about:blank', 'data:text/html,<p>x</p>', 'javascript:alert(1)', 'devtools://devtools/bundled/inspector.html', '', 'not a url']) {
      assert.equal(isTrustedRendererUrl(url, built), false, url);
      assert.equal(isTrustedRendererUrl(url, dev), false, url);
    }
  });

  it('refuses files outside the renderer folder, however the path is spelled', () => {
    for (const url of [
      fileUrl('/etc/passwd'),
      fileUrl('/opt/archwalk/resources/app.asar/out/renderer-evil/index.html'),
      fileUrl(rendererDir),
      `file://${rendererDir}/../preload/index.cjs`,
      `file://${rendererDir}/%2e%2e/%2e%2e/secret.html`,
      `file://${rendererDir}/..%2F..%2Fsecret.html`,
      `file://evil-host${rendererDir}/index.html`,
    ]) {
      assert.equal(isTrustedRendererUrl(url, built), false, url);
    }
  });

  it('trusts the dev server origin only when one is configured', () => {
    assert.equal(isTrustedRendererUrl('http://localhost:5173/', dev), true);
    assert.equal(isTrustedRendererUrl('http://localhost:5173/src/main.ts?t=1', dev), true);
    assert.equal(isTrustedRendererUrl('http://localhost:5173/', built), false);
    assert.equal(isTrustedRendererUrl('http://localhost:5174/', dev), false);
    assert.equal(isTrustedRendererUrl('https://localhost:5173/', dev), false);
    assert.equal(isTrustedRendererUrl('http://localhost.evil.example:5173/', dev), false);
  });

  it('ignores a dev server URL that is not http(s)', () => {
    assert.equal(devServerOrigin('file:///etc'), null);
    assert.equal(devServerOrigin('garbage'), null);
    assert.equal(devServerOrigin(''), null);
    assert.equal(isTrustedRendererUrl('file:///etc/passwd', { rendererDir, devServerUrl: 'file:///etc' }), false);
  });
});

describe('senderUrl', () => {
  it('reads the frame URL and copes with a missing or disposed frame', () => {
    assert.equal(senderUrl({ senderFrame: { url: 'https://x.example/' } }), 'https://x.example/');
    assert.equal(senderUrl({ senderFrame: null }), null);
    const disposed = { get senderFrame(): { url: string } { throw new Error('Render frame was disposed'); } };
    assert.equal(senderUrl(disposed), null);
  });
});

describe('paths', () => {
  it('finds the built pieces beside the main bundle', () => {
    const paths = appPaths('/app/out/main');
    assert.deepEqual(paths, {
      workerEntry: '/app/out/main/worker.js',
      preload: '/app/out/preload/index.cjs',
      rendererDir: '/app/out/renderer',
      rendererIndex: '/app/out/renderer/index.html',
    });
    assert.equal(isTrustedRendererUrl(fileUrl(paths.rendererIndex), paths), true);
  });

  it('uses ARCHWALK_HOME when set, else userData', () => {
    assert.equal(resolveHome({ ARCHWALK_HOME: '/data/aw' }, () => '/user'), '/data/aw');
    assert.equal(resolveHome({ ARCHWALK_HOME: '  ' }, () => '/user'), '/user');
    assert.equal(resolveHome({}, () => '/user'), '/user');
  });
});
