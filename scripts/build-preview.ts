import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './lib/cloudbaserc';
import { readMiniprogramUnits } from './lib/miniprogram-units';

/** The official WXML compiler (the `wcc` binary DevTools uses); the package ships no types. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS package
const { wxmlToJs } = require('miniprogram-compiler') as { wxmlToJs(root: string, options?: { maxBuffer?: number }): string };

export interface PreviewBuildOptions {
  /** The mini-program to preview; miniprogram/ by default. */
  miniprogramRoot?: string;
  /** Where the preview is written (emptied first); build/preview by default. */
  outDir?: string;
}

export interface BuiltPreview {
  dir: string;
  /** Pages and components, as root-relative paths without extension (pages/home/index). */
  pages: string[];
  components: string[];
  bytes: number;
}

const BRIDGE_DIR = path.join(ROOT, 'emulator', 'preview-bridge');
const SIMULATE_BUILD = require.resolve('miniprogram-simulate/build.js');
// wcc prints every page's compiled template to stdout at once; its 1 MB default is too small for a growing app.
const WCC_MAX_BUFFER = 64 * 1024 * 1024;

// Both the mini-program's scripts and the bridge run in the page as plain scripts; inline source maps let
// stack traces and DevTools name the files they came from.
const FOR_THE_BROWSER = { bundle: true, format: 'iife', platform: 'browser', target: 'es2020', sourcemap: 'inline', logLevel: 'silent' } as const;

/**
 * simulate converts rpx to px one to one (`transformRpx`, once in its own utils and once in j-component's), which
 * makes every page twice as large as on a phone. The phone frame is an iframe as wide as the phone, so 750rpx is
 * exactly 100vw there, as WeChat defines it.
 */
const RPX_TO_PX = "return style.replace(/(\\d+)rpx/ig, '$1px')";
const RPX_TO_VW = "return style.replace(/(\\d+(?:\\.\\d+)?)rpx/ig, function (all, n) { return n / 7.5 + 'vw' })";

/**
 * Builds the browser preview of the mini-program into `outDir`: every WXML compiled by the official compiler
 * (a syntax error fails the build), every page's and component's TypeScript bundled as an IIFE (simulate runs
 * it with `new Function('require', 'module', code)`, which has no `exports`), their JSON and WXSS, all inlined
 * into `files.js` as `window.__FILE_MAP__`; simulate's browser build; the wx bridge and the preview's own pages.
 */
export async function buildPreview(options: PreviewBuildOptions = {}): Promise<BuiltPreview> {
  const root = options.miniprogramRoot ?? path.join(ROOT, 'miniprogram');
  const outDir = options.outDir ?? path.join(ROOT, 'build', 'preview');
  const { appJson, pages, components } = readMiniprogramUnits(root);
  const units = [...pages, ...components];

  let templates: string;
  try {
    templates = wxmlToJs(root, { maxBuffer: WCC_MAX_BUFFER });
  } catch (error) {
    throw new Error(`WXML does not compile: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const scripts = await bundleScripts(root, ['app', ...units]);

  const entries: string[] = [
    `"app.json": ${JSON.stringify(appJson)}`,
    `"app.js": ${JSON.stringify(scripts.get('app'))}`,
  ];
  for (const unit of units) {
    const wxss = readIfExists(path.join(root, `${unit}.wxss`));
    // app.wxss styles pages, not components (WeChat's default style isolation): an @import puts it first.
    const appImport = pages.includes(unit) ? `@import "${path.posix.relative(path.posix.dirname(unit), 'app.wxss')}";\n` : '';
    entries.push(
      `${JSON.stringify(`${unit}.json`)}: ${JSON.stringify(fs.readFileSync(path.join(root, `${unit}.json`), 'utf8'))}`,
      `${JSON.stringify(`${unit}.wxml`)}: $gwx(${JSON.stringify(`${unit}.wxml`)})`,
      `${JSON.stringify(`${unit}.wxss`)}: ${JSON.stringify(appImport + wxss)}`,
      `${JSON.stringify(`${unit}.js`)}: ${JSON.stringify(scripts.get(unit))}`,
    );
  }
  // Other WXSS files can only be reached by @import: simulate resolves those through the map too.
  for (const file of listFiles(root, '.wxss')) {
    if (!units.some((unit) => `${unit}.wxss` === file)) entries.push(`${JSON.stringify(file)}: ${JSON.stringify(fs.readFileSync(path.join(root, file), 'utf8'))}`);
  }
  const fileMap = `window.__FILE_MAP__ = (function () {\nvar $gwx = (function () {${templates}})();\nreturn {\n${entries.join(',\n')}\n};\n})();\n`;

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'files.js'), fileMap);
  fs.writeFileSync(path.join(outDir, 'simulate.js'), patchedSimulate());
  await bundleBrowser({ bridge: path.join(BRIDGE_DIR, 'phone.ts'), shell: path.join(BRIDGE_DIR, 'shell.ts') }, outDir);
  for (const file of ['index.html', 'phone.html', 'shell.css', 'phone.css']) {
    fs.copyFileSync(path.join(BRIDGE_DIR, 'static', file), path.join(outDir, file));
  }

  const bytes = fs.readdirSync(outDir).reduce((sum, file) => sum + fs.statSync(path.join(outDir, file)).size, 0);
  return { dir: outDir, pages, components, bytes };
}

/** Each unit's TypeScript bundled with what it imports, as an IIFE string, keyed by unit. */
async function bundleScripts(root: string, units: readonly string[]): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: Object.fromEntries(units.map((unit) => [unit, path.join(root, `${unit}.ts`)])),
    outdir: path.join(root, 'preview-out'),
    write: false,
    ...FOR_THE_BROWSER,
  });
  const scripts = new Map<string, string>();
  for (const output of result.outputFiles) {
    const unit = path.relative(path.join(root, 'preview-out'), output.path).replace(/\\/g, '/').replace(/\.js$/, '');
    scripts.set(unit, output.text);
  }
  return scripts;
}

async function bundleBrowser(entryPoints: Record<string, string>, outDir: string): Promise<void> {
  await build({ entryPoints, outdir: outDir, ...FOR_THE_BROWSER });
}

function patchedSimulate(): string {
  const source = fs.readFileSync(SIMULATE_BUILD, 'utf8');
  const occurrences = source.split(RPX_TO_PX).length - 1;
  // Two copies (simulate's utils and j-component's): anything else means another simulate version.
  if (occurrences !== 2) throw new Error(`miniprogram-simulate's build.js has ${occurrences} rpx conversions, not 2: check the rpx patch`);
  return source.split(RPX_TO_PX).join(RPX_TO_VW);
}

function readIfExists(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

/** Files under `root` with the extension, root-relative with forward slashes, skipping tests and node_modules. */
function listFiles(root: string, extension: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .map((file) => file.replace(/\\/g, '/'))
    .filter((file) => file.endsWith(extension) && !/(^|\/)(node_modules|__test__)\//.test(file));
}

if (require.main === module) {
  buildPreview().then(
    (built) => {
      const size = `${(built.bytes / 1024).toFixed(0)} KiB`;
      console.log(`built preview: ${built.pages.length} pages, ${built.components.length} components, ${size}  ${path.relative(ROOT, built.dir)}`);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
