import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { readCloudbaserc, ROOT } from './lib/cloudbaserc';
import { readMiniprogramUnits } from './lib/miniprogram-units';

export interface MiniprogramBuildOptions {
  /** The mini-program's sources; miniprogram/ by default. */
  miniprogramRoot?: string;
  /** The DevTools project written (its miniprogram/ emptied first); build/miniprogram-project by default. */
  outDir?: string;
  /** The project.config.json the copy's is derived from; the repository's by default. */
  projectConfig?: string;
  /** The built cloud functions the copy's cloudfunctionRoot points at; cloudbaserc.json's functionRoot by default. */
  functionsDir?: string;
}

export interface BuiltMiniprogram {
  /** The DevTools project: project.config.json and miniprogram/. */
  dir: string;
  pages: string[];
  components: string[];
  /** Every file of the package, root-relative, with its size: what WeChat counts against the package limit. */
  files: { file: string; bytes: number }[];
  bytes: number;
}

/** WeChat's limit for the main package (主包), all files counted. */
export const MAIN_PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * How each page's and component's script is bundled. CommonJS, as WeChat loads page scripts; `neutral` so that
 * nothing Node-only is assumed (a `node:` import fails the build), with mainFields so npm packages resolve.
 * wx, App, Component, Behavior, getApp and getCurrentPages are never imported, so they stay the globals they are.
 * es2020: esbuild accepts down to es2015 (@noble/curves writes BigInt(n), never 1n literals), but the guard's
 * offline check needs BigInt at run time, which only ES2020 engines have; below es2016 esbuild would also turn
 * `**` into Math.pow, wrong for bigints. DevTools' own ES6-to-ES5 pass (setting.es6) still runs on upload.
 */
const FOR_WECHAT: BuildOptions = {
  bundle: true,
  format: 'cjs',
  platform: 'neutral',
  target: 'es2020',
  mainFields: ['module', 'main'],
  // Chinese text as UTF-8 (3 bytes a character) rather than \u escapes (6).
  charset: 'utf8',
  logLevel: 'silent',
};

const IMAGE = /\.(png|jpe?g|gif|svg|webp|bmp)$/i;
/** Files WeChat reads beside a page or component, or reaches by import (WXSS @import, WXML import/include, WXS require). */
const BESIDE_UNITS = /\.(wxml|wxss|wxs)$/;
/** Never shipped: tests, their helpers, TypeScript and its configs. */
const NOT_SHIPPED = /(^|\/)(node_modules|__test__|test-support)\/|(^|\/)tsconfig[^/]*\.json$|\.ts$/;

/**
 * Builds a copy of the mini-program WeChat DevTools can upload: DevTools packs only the mini-program folder and
 * compiles each TypeScript file on its own, but pages import the token code from cloudfunctions/shared and npm
 * packages from node_modules. Each page's and component's index.ts (and app.ts) is bundled into its .js; the
 * WXML, WXSS, JSON, WXS and images are copied beside; a page or component nothing uses is left out.
 */
export async function buildMiniprogram(options: MiniprogramBuildOptions = {}): Promise<BuiltMiniprogram> {
  const root = options.miniprogramRoot ?? path.join(ROOT, 'miniprogram');
  const outDir = options.outDir ?? path.join(ROOT, 'build', 'miniprogram-project');
  const packageDir = path.join(outDir, 'miniprogram');
  const { appJson, pages, components } = readMiniprogramUnits(root);
  const units = [...pages, ...components];
  for (const unit of units) {
    const missing = ['ts', 'wxml'].filter((extension) => !fs.existsSync(path.join(root, `${unit}.${extension}`)));
    if (missing.length > 0) throw new Error(`${unit} is used (app.json or usingComponents) but has no ${missing.map((e) => `${unit}.${e}`).join(' or ')}`);
  }
  if (!fs.existsSync(path.join(root, 'app.ts'))) throw new Error('no app.ts: the mini-program has no App()');

  const shipped = filesToShip(root, appJson, units);
  fs.rmSync(packageDir, { recursive: true, force: true });
  fs.mkdirSync(packageDir, { recursive: true });
  try {
    await build({
      entryPoints: Object.fromEntries(['app', ...units].map((unit) => [unit, path.join(root, `${unit}.ts`)])),
      outdir: packageDir,
      ...FOR_WECHAT,
    });
  } catch (error) {
    throw new Error(`the mini-program's scripts do not bundle: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  for (const file of shipped) {
    fs.mkdirSync(path.dirname(path.join(packageDir, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(packageDir, file));
  }
  fs.writeFileSync(path.join(outDir, 'project.config.json'), projectConfig(options, outDir));

  const files = listFiles(packageDir).map((file) => ({ file, bytes: fs.statSync(path.join(packageDir, file)).size }));
  for (const { file } of files.filter(({ file }) => file.endsWith('.js'))) {
    const outside = requiredModules(fs.readFileSync(path.join(packageDir, file), 'utf8')).filter((name) => !name.startsWith('.'));
    if (outside.length > 0) throw new Error(`${file} still requires ${outside.join(', ')}: WeChat has no node_modules to load it from`);
  }
  return { dir: outDir, pages, components, files, bytes: files.reduce((sum, { bytes }) => sum + bytes, 0) };
}

/** The module names a script passes to require('…'). */
export function requiredModules(script: string): string[] {
  return [...script.matchAll(/\brequire\(\s*(['"`])([^'"`]+)\1\s*\)/g)].map((match) => match[2]);
}

/**
 * The source files copied as they are, root-relative: app.json and the file its sitemapLocation names, the JSON,
 * WXML and WXSS of every unit in use, and every other WXSS, WXML, WXS and image (reached by @import, import,
 * require or src) except those of a page or component nothing uses.
 */
function filesToShip(root: string, appJson: string, units: readonly string[]): string[] {
  const app = JSON.parse(appJson) as { sitemapLocation?: string; themeLocation?: string };
  const named = ['app.json', app.sitemapLocation, app.themeLocation].filter((file): file is string => file !== undefined).map((file) => file.replace(/^\//, ''));
  for (const file of named) {
    if (!fs.existsSync(path.join(root, file))) throw new Error(`app.json names ${file}, which does not exist`);
  }
  const inUse = new Set(['app', ...units]);
  const files = listFiles(root).filter((file) => !NOT_SHIPPED.test(file));
  // A page or component is a script with its JSON beside it; one nothing uses ships none of its files.
  const unused = new Set(
    files.filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -'.json'.length)).filter((unit) => !inUse.has(unit) && fs.existsSync(path.join(root, `${unit}.ts`))),
  );
  return files.filter((file) => {
    const unit = file.replace(/\.[^./]+$/, '');
    if (unused.has(unit)) return false;
    if (file.endsWith('.json')) return named.includes(file) || inUse.has(unit);
    return BESIDE_UNITS.test(file) || IMAGE.test(file);
  });
}

/**
 * The copy's project.config.json: the repository's, pointed at the copy's miniprogram/ and at the built
 * functions, without the TypeScript compiler plugin (the copy is JavaScript). appid, libVersion, packOptions
 * and the other settings are kept.
 */
function projectConfig(options: MiniprogramBuildOptions, outDir: string): string {
  const source = options.projectConfig ?? path.join(ROOT, 'project.config.json');
  const config = JSON.parse(fs.readFileSync(source, 'utf8')) as Record<string, unknown> & { setting?: Record<string, unknown> };
  const functionsDir = options.functionsDir ?? readCloudbaserc().buildDir;
  const { useCompilerPlugins: _typescript, ...setting } = config.setting ?? {};
  const copy = {
    ...config,
    miniprogramRoot: 'miniprogram/',
    srcMiniprogramRoot: 'miniprogram/',
    cloudfunctionRoot: `${path.relative(outDir, functionsDir).split(path.sep).join('/')}/`,
    setting,
  };
  return `${JSON.stringify(copy, null, 2)}\n`;
}

/** Every file under `dir`, relative with forward slashes, sorted. */
function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => fs.statSync(path.join(dir, file)).isFile())
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

if (require.main === module) {
  buildMiniprogram().then(
    (built) => {
      const largest = [...built.files].sort((a, b) => b.bytes - a.bytes)[0];
      console.log(
        `built mini-program: ${built.pages.length} pages, ${built.components.length} components, ${built.files.length} files, ` +
          `${kib(built.bytes)} of the ${kib(MAIN_PACKAGE_LIMIT_BYTES)} main-package limit (largest ${largest.file} ${kib(largest.bytes)})  ${path.relative(ROOT, built.dir)}`,
      );
      if (built.bytes > MAIN_PACKAGE_LIMIT_BYTES) {
        console.error('over the main-package limit: WeChat refuses the upload (split pages into subpackages or shrink them)');
        process.exit(1);
      }
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
