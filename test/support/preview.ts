import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { SCHEMA } from '../../cloudfunctions/shared/schema';
import type { FunctionsRuntime } from '../../emulator/runtime';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { useEmulatorForSdk } from '../../emulator/sdk-env';
import { readCloudbaserc, ROOT } from '../../scripts/lib/cloudbaserc';
import { LOCAL_SETTINGS, loadLocalSecrets } from '../../scripts/lib/local-secrets';
import { DEMO_ACCOUNTS, DEMO_ADMIN_OPENIDS, seedDemoData } from '../../scripts/lib/seed';

const PREVIEW_DIR = path.join(ROOT, 'build', 'preview');
/**
 * Committed: the README shows them. Pages show the time, so every run would change them: they are written only
 * when asked, with `UPDATE_SCREENSHOTS=1 npm test`.
 */
const SCREENSHOT_DIR = path.join(ROOT, 'docs', 'screenshots');
const SAVE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Headless and quiet: no GPU, no QUIC, no first-run, update or sync traffic from the browser itself.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Preview {
  emulator: RunningEmulator;
  /** The built functions, for what a test sets up without tapping through it. */
  runtime: FunctionsRuntime;
  /** The preview shell: the identity switcher and the notifications beside the phone. */
  page: Page;
  /** Inside the phone: the navigation bar, dialogs, the scanner sheet and every page on the stack. */
  phone: FrameLocator;
  /** The page on top of the stack, the one the person sees (pages below it stay in the document, hidden). */
  top: Locator;
  /** Uncaught errors and console errors of the pages, which a test expects to stay empty. */
  errors: string[];
  /** Opens the mini-program afresh as a seeded account; answers its openid. */
  openAs(openid: string): Promise<string>;
  /** Opens it as a WeChat user who has never used it; answers the new openid. */
  openAsNewUser(): Promise<string>;
  /** The phone as a person sees it, once toasts have gone; saved as docs/screenshots/<name>.png when named and UPDATE_SCREENSHOTS=1. */
  screenshot(name?: string): Promise<Buffer>;
  close(): Promise<void>;
}

function requireBuilt(): void {
  const project = readCloudbaserc();
  const missing = [
    ...project.functions.map((fn) => path.join(project.buildDir, fn.name, 'index.js')),
    path.join(PREVIEW_DIR, 'files.js'),
  ].filter((file) => !fs.existsSync(file));
  if (missing.length > 0) throw new Error(`run \`npm run build\` first: missing ${missing.map((file) => path.relative(ROOT, file)).join(', ')}`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium fonts-noto-cjk (see .ci/run), or set CHROMIUM_PATH`);
}

/**
 * What `npm start` runs, in this process, for one test file: the built functions and the browser preview on a
 * free port with an in-memory database, development secrets generated afresh, the demo accounts seeded; and
 * one Chromium (playwright-core, never a downloaded browser) showing the preview with a touch screen.
 */
export async function startPreview(): Promise<Preview> {
  requireBuilt();
  const secretsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxing-e2e-'));
  Object.assign(process.env, { ADMIN_OPENIDS: DEMO_ADMIN_OPENIDS.join(',') }, LOCAL_SETTINGS, loadLocalSecrets(secretsDir));
  const emulator = await startEmulator({
    port: 0,
    dataDir: null,
    schema: SCHEMA,
    functions: readCloudbaserc(),
    preview: { dir: PREVIEW_DIR, accounts: DEMO_ACCOUNTS },
  });
  let browser: Browser | undefined;
  try {
    useEmulatorForSdk(emulator.url);
    const { runtime } = emulator;
    if (!runtime) throw new Error('the functions runtime did not start');
    await seedDemoData(new Date(), runtime);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 960 },
      // j-component makes taps from touch events: Playwright's tap() needs a touch screen.
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    });
    const phone = page.frameLocator('#phone');

    /** Does `action`, then waits for the phone to load again and show its first page. */
    const reopen = async (action: () => Promise<void>): Promise<string> => {
      const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame !== page.mainFrame() });
      await action();
      await navigated;
      await phone.locator('page').first().waitFor();
      return (await page.locator('#openid').textContent()) ?? '';
    };

    await reopen(() => page.goto(`${emulator.url}/preview/`).then(() => undefined));
    const opened = browser;
    return {
      emulator,
      runtime,
      page,
      phone,
      top: phone.locator('page:not([hidden])'),
      errors,
      openAs: (openid) => reopen(() => page.selectOption('#identity', openid).then(() => undefined)),
      openAsNewUser: () => reopen(() => page.getByRole('button', { name: '新微信用户' }).click()),
      async screenshot(name) {
        await phone.locator('.toast').waitFor({ state: 'detached' });
        const file = name && SAVE_SCREENSHOTS ? path.join(SCREENSHOT_DIR, `${name}.png`) : undefined;
        if (file) fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        return page.locator('.phone').screenshot({ path: file, animations: 'disabled' });
      },
      async close() {
        await opened.close();
        await emulator.close();
        fs.rmSync(secretsDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await emulator.close();
    fs.rmSync(secretsDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The preview for the tests of one file: started before them, closed after them (also when starting failed
 * half-way, so no browser or server keeps Jest from exiting), and any page error a test caused fails that test.
 * Answers the running preview, for use inside tests.
 */
export function usePreview(): () => Preview {
  let starting: Promise<Preview> | undefined;
  let started: Preview | undefined;
  beforeAll(async () => {
    starting = startPreview();
    started = await starting;
  });
  afterEach(() => {
    if (started) expect(started.errors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    const preview = await starting?.catch(() => undefined);
    await preview?.close();
  });
  return () => {
    if (!started) throw new Error('the preview did not start');
    return started;
  };
}
