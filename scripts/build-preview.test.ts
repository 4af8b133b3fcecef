import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPreview } from './build-preview';

/** A one-page mini-program in a temporary folder, with the given WXML for its page. */
function miniprogram(wxml: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxing-preview-'));
  const files: Record<string, string> = {
    'app.json': JSON.stringify({ pages: ['pages/p/index'] }),
    'app.ts': 'App({});',
    'app.wxss': '.shared { margin: 750rpx; }',
    'pages/p/index.json': JSON.stringify({ usingComponents: { 'x-badge': '/components/badge/index' } }),
    'pages/p/index.ts': 'Component({ data: { word: "好" } });',
    'pages/p/index.wxml': wxml,
    'pages/p/index.wxss': '.own { padding: 16rpx; }',
    'components/badge/index.json': JSON.stringify({ component: true }),
    'components/badge/index.ts': 'Component({});',
    'components/badge/index.wxml': '<view class="badge"><slot /></view>',
  };
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

function build(wxml: string) {
  const root = miniprogram(wxml);
  const outDir = path.join(root, 'out');
  temporary.push(root);
  return { outDir, built: buildPreview({ miniprogramRoot: root, outDir }) };
}

test('WXML the official compiler rejects fails the build, naming the file', async () => {
  await expect(build('<view class="own">\n  <x-badge>{{word}}\n</view>').built).rejects.toThrow(/WXML does not compile.*pages\/p\/index\.wxml/s);
});

test('a page and the components it uses are built into the file map, app.wxss imported by pages only', async () => {
  const { outDir, built } = build('<view class="own"><x-badge>{{word}}</x-badge></view>');
  expect(await built).toMatchObject({ pages: ['pages/p/index'], components: ['components/badge/index'] });

  const files = fs.readFileSync(path.join(outDir, 'files.js'), 'utf8');
  for (const unit of ['pages/p/index', 'components/badge/index']) {
    for (const extension of ['json', 'wxml', 'wxss', 'js']) expect(files).toContain(`"${unit}.${extension}":`);
  }
  expect(files).toContain('"pages/p/index.wxss": "@import \\"../../app.wxss\\";');
  expect(files).toContain('"components/badge/index.wxss": ""');
  // Scripts are IIFEs: simulate runs them with new Function('require', 'module', code), which has no exports.
  expect(files).toMatch(/"pages\/p\/index\.js": "\(\(\) => \{/);
  for (const file of ['index.html', 'phone.html', 'simulate.js', 'bridge.js', 'shell.js']) expect(fs.existsSync(path.join(outDir, file))).toBe(true);
});

test('simulate converts rpx against the phone width (750rpx = 100vw), not one rpx to one px', async () => {
  const { outDir, built } = build('<view />');
  await built;
  const simulate = fs.readFileSync(path.join(outDir, 'simulate.js'), 'utf8');
  expect(simulate).not.toContain("'$1px'");
  expect(simulate.match(/n \/ 7\.5 \+ 'vw'/g)).toHaveLength(2);
});
