import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { encodeToken, generateSigningKeyConfig, parseKeyRing, publicKeySet, tokenUrl } from '../cloudfunctions/shared/domain/token';
import { buildMiniprogram, MAIN_PACKAGE_LIMIT_BYTES, requiredModules, type BuiltMiniprogram } from '../scripts/build-miniprogram';
import { ROOT } from '../scripts/lib/cloudbaserc';

/**
 * `npm run build:miniprogram`: the copy of the mini-program WeChat DevTools uploads. One build of the real
 * mini-program, whose scripts then run as WeChat runs them: plain CommonJS with wx, App, Component and Behavior
 * as globals and nothing else, no Node, no TextEncoder.
 */

const temporary: string[] = [];
const temporaryDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxing-miniprogram-'));
  temporary.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

let built: BuiltMiniprogram;
let out: string;
beforeAll(async () => {
  built = await buildMiniprogram({ outDir: temporaryDir(), functionsDir: path.join(ROOT, 'build', 'functions') });
  out = path.join(built.dir, 'miniprogram');
}, 60_000);

const shippedFiles = () => built.files.map(({ file }) => file);
const readOut = (file: string) => fs.readFileSync(path.join(out, file), 'utf8');

type Registration = 'App' | 'Page' | 'Component';

/** A wx whose every API is a no-op, except those given. */
function wxStub(apis: Record<string, unknown> = {}): unknown {
  return new Proxy(apis, { get: (target, key) => (typeof key !== 'string' ? undefined : key in target ? target[key] : () => undefined) });
}

/** Runs a built script as WeChat would, and returns what it registered. */
function runInWeChat(file: string, wx = wxStub()) {
  const registered: { kind: Registration; options: Record<string, unknown> }[] = [];
  const register = (kind: Registration) => (options: Record<string, unknown>) => void registered.push({ kind, options });
  const module = { exports: {} };
  const context = vm.createContext({
    wx,
    App: register('App'),
    Page: register('Page'),
    Component: register('Component'),
    Behavior: (options: object) => ({ behavior: options }),
    getApp: () => ({ globalData: {} }),
    getCurrentPages: () => [],
    console: { log() {}, info() {}, warn() {}, error() {} },
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    module,
    exports: module.exports,
    require: (name: string) => {
      throw new Error(`${file} requires ${name} at run time`);
    },
  });
  vm.runInContext(readOut(file), context, { filename: file });
  return registered;
}

test('every page of app.json and every component in use has its .js, .wxml, .wxss and .json', () => {
  const appJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'miniprogram', 'app.json'), 'utf8')) as { pages: string[] };
  expect(built.pages).toEqual(appJson.pages);
  // Every component any shipped JSON names, found again from the copy itself.
  const named = shippedFiles()
    .filter((file) => file.endsWith('.json'))
    .flatMap((file) => Object.values((JSON.parse(readOut(file)) as { usingComponents?: Record<string, string> }).usingComponents ?? {}))
    .map((target) => target.replace(/^\//, ''));
  expect(built.components).toEqual(expect.arrayContaining([...new Set(named)]));

  const files = new Set(shippedFiles());
  for (const unit of [...built.pages, ...built.components]) {
    for (const extension of ['js', 'wxml', 'wxss', 'json']) expect(files).toContain(`${unit}.${extension}`);
  }
  for (const file of ['app.js', 'app.json', 'app.wxss', 'sitemap.json']) expect(files).toContain(file);
});

test('ships no TypeScript, tests, test support or tsconfig', () => {
  expect(shippedFiles().filter((file) => /\.ts$|__test__|test-support|tsconfig/.test(file))).toEqual([]);
});

test('no script requires anything but a relative path: npm packages and the shared token code are inside', () => {
  const scripts = shippedFiles().filter((file) => file.endsWith('.js'));
  expect(scripts).toHaveLength(1 + built.pages.length + built.components.length);
  for (const file of scripts) expect({ file, outside: requiredModules(readOut(file)).filter((name) => !name.startsWith('.')) }).toEqual({ file, outside: [] });
});

test('each script runs as WeChat loads it and registers exactly one App (app.js) or Component', () => {
  expect(runInWeChat('app.js').map(({ kind }) => kind)).toEqual(['App']);
  for (const unit of built.pages) expect({ unit, registered: runInWeChat(`${unit}.js`).map(({ kind }) => kind) }).toEqual({ unit, registered: [expect.stringMatching(/^(Component|Page)$/)] });
  for (const unit of built.components) expect({ unit, registered: runInWeChat(`${unit}.js`).map(({ kind }) => kind) }).toEqual({ unit, registered: ['Component'] });
});

test("fits WeChat's 2 MB main-package limit", () => {
  expect(built.bytes).toBe(shippedFiles().reduce((sum, file) => sum + fs.statSync(path.join(out, file)).size, 0));
  expect(built.bytes).toBeLessThan(MAIN_PACKAGE_LIMIT_BYTES);
});

test("the bundled guard page verifies a code offline with the shared token code and @noble/curves", async () => {
  const prefix = 'https://txm.example.cn/v/';
  const now = Math.floor(Date.now() / 1000);
  const ring = parseKeyRing(generateSigningKeyConfig('0001'));
  const keySet = { ...publicKeySet(new Map([['0001', { publicKey: ring.signing.publicKey }]]), now, 3600), urlPrefix: prefix };
  // Same key id, another key: only the signature check can tell.
  const forger = parseKeyRing(generateSigningKeyConfig('0001')).signing;
  const codeSignedBy = (signing: typeof ring.signing) =>
    tokenUrl(prefix, encodeToken({ passRef: randomBytes(16).toString('base64url'), issuedAt: now, expiresAt: now + 180, colour: 'green', kind: 'code' }, signing));

  const storage = new Map<string, unknown>([['tx.guard.keySet', { keySet, clockOffsetMs: 0 }]]);
  const wx = wxStub({
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    // No network: every cloud call fails, so the page judges on the phone.
    cloud: { callFunction: () => Promise.reject(new Error('request:fail')) },
  });
  const [{ options }] = runInWeChat('pages/guard/index.js', wx);
  const page = {
    ...(options.methods as { verify(scanned: string): Promise<void> }),
    data: { ...(options.data as Record<string, unknown>) },
    setData(patch: Record<string, unknown>) {
      Object.assign(this.data, patch);
    },
  };

  await page.verify(codeSignedBy(ring.signing));
  expect(page.data).toMatchObject({ phase: 'verdict', screen: { verdict: 'PASS', offline: true } });
  await page.verify(codeSignedBy(forger));
  expect(page.data).toMatchObject({ phase: 'verdict', screen: { verdict: 'INVALID', offline: true } });
  expect(storage.get('tx.guard.offlineScans')).toEqual([expect.objectContaining({ verdict: 'PASS' }), expect.objectContaining({ verdict: 'INVALID' })]);
});

test("the project's config points DevTools at the copy and the built functions, without the TypeScript plugin", () => {
  const source = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')) as Record<string, unknown>;
  const copy = JSON.parse(fs.readFileSync(path.join(built.dir, 'project.config.json'), 'utf8')) as Record<string, unknown> & { setting: object };
  expect(copy).toMatchObject({ appid: source.appid, libVersion: source.libVersion, packOptions: source.packOptions, miniprogramRoot: 'miniprogram/' });
  expect(path.resolve(built.dir, copy.cloudfunctionRoot as string)).toBe(path.join(ROOT, 'build', 'functions'));
  expect(copy.setting).not.toHaveProperty('useCompilerPlugins');
});

describe('on a small mini-program', () => {
  /** One page using one of two components, with the files that must not travel. */
  function miniprogram(pageJson: object): string {
    const root = temporaryDir();
    const files: Record<string, string> = {
      'app.json': JSON.stringify({ pages: ['pages/p/index'], sitemapLocation: 'sitemap.json' }),
      'app.ts': 'App({});',
      'sitemap.json': '{}',
      'tsconfig.json': '{}',
      'pages/p/index.json': JSON.stringify(pageJson),
      'pages/p/index.ts': 'Component({});',
      'pages/p/index.wxml': '<wxs src="../../utils/format.wxs" module="f" /><x-used />',
      'pages/p/__test__/index.test.ts': '',
      'components/used/index.json': JSON.stringify({ component: true }),
      'components/used/index.ts': 'Component({});',
      'components/used/index.wxml': '<image src="/images/logo.png" />',
      'components/unused/index.json': JSON.stringify({ component: true }),
      'components/unused/index.ts': 'Component({});',
      'components/unused/index.wxml': '<view />',
      'components/unused/index.wxss': '.x {}',
      'utils/format.wxs': 'module.exports = {};',
      'images/logo.png': 'png',
      'test-support/helper.ts': '',
    };
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), content);
    }
    return root;
  }

  test('ships what is used and nothing else', async () => {
    const small = await buildMiniprogram({ miniprogramRoot: miniprogram({ usingComponents: { 'x-used': '/components/used/index' } }), outDir: temporaryDir() });
    expect(small.files.map(({ file }) => file)).toEqual([
      'app.js',
      'app.json',
      'components/used/index.js',
      'components/used/index.json',
      'components/used/index.wxml',
      'images/logo.png',
      'pages/p/index.js',
      'pages/p/index.json',
      'pages/p/index.wxml',
      'sitemap.json',
      'utils/format.wxs',
    ]);
  });

  test('a component that does not exist fails the build, naming it and who uses it', async () => {
    const root = miniprogram({ usingComponents: { 'x-used': '/components/missing/index' } });
    await expect(buildMiniprogram({ miniprogramRoot: root, outDir: temporaryDir() })).rejects.toThrow(
      'components/missing/index is used (pages/p/index.json) but components/missing/index.json does not exist',
    );
  });

  test('an import that cannot be bundled for WeChat (a Node module) fails the build', async () => {
    const root = miniprogram({ usingComponents: {} });
    fs.writeFileSync(path.join(root, 'pages/p/index.ts'), "import { readFileSync } from 'node:fs';\nComponent({ data: { read: readFileSync } });");
    await expect(buildMiniprogram({ miniprogramRoot: root, outDir: temporaryDir() })).rejects.toThrow(/do not bundle.*node:fs/s);
  });
});
