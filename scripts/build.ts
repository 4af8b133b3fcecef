import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { CARD_FONT_FILE, CARD_FONT_RANGES, HARFBUZZ_WASM_FILE, openSubsetter, packagedFontSources } from '../cloudfunctions/shared/card-font';
import { readCloudbaserc, ROOT } from './lib/cloudbaserc';

export interface BuiltFunction {
  name: string;
  dir: string;
  bytes: number;
}

/**
 * Bundles every function of cloudbaserc.json with esbuild into a deployable folder: index.js exporting
 * `main` (the SDK and all shared code inside, so the cloud installs nothing) and a package.json.
 */
export async function buildFunctions(): Promise<BuiltFunction[]> {
  const { buildDir, functions } = readCloudbaserc();
  return Promise.all(
    functions.map(async ({ name }) => {
      const dir = path.join(buildDir, name);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      await build({
        entryPoints: [path.join(ROOT, 'cloudfunctions', name, 'index.ts')],
        outfile: path.join(dir, 'index.js'),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        minify: true,
        sourcemap: 'linked',
        legalComments: 'none',
        logLevel: 'warning',
        // Only named by the card font's fallback for running the sources: a bundle reads the copies beside it.
        // wx-server-sdk (230 KiB) only in the functions that call WeChat: the others never load it.
        external: ['@expo-google-fonts/noto-sans-sc/*', 'harfbuzzjs/*', ...(OPENAPI_PERMISSIONS[name] ? [] : ['wx-server-sdk'])],
      });
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        `${JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: {} }, null, 2)}\n`,
      );
      writeOpenApiPermissions(dir, name);
      if (name === 'staff') await writeCardFont(dir);
      return { name, dir, bytes: fs.statSync(path.join(dir, 'index.js')).size };
    }),
  );
}

/**
 * The WeChat APIs (云调用) each function calls through wx-server-sdk: the cron sweep sends subscription messages,
 * staff draw venue posters' codes. WeChat DevTools uploads config.json with the function; the CloudBase CLI
 * deploy does not read it (docs/operations.md), so these are granted in the console for a CLI deployment.
 */
export const OPENAPI_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  cron: ['subscribeMessage.send'],
  staff: ['wxacode.getUnlimited'],
};

function writeOpenApiPermissions(dir: string, name: string): void {
  const openapi = OPENAPI_PERMISSIONS[name];
  if (openapi) fs.writeFileSync(path.join(dir, 'config.json'), `${JSON.stringify({ permissions: { openapi } }, null, 2)}\n`);
}

/**
 * The staff function prints cards: beside its bundle go Noto Sans SC restricted to CARD_FONT_RANGES (7.4 MB of the
 * 10.6 MB) and HarfBuzz's subsetter, which cuts it down to each card's characters.
 * Both are read on the first print, not at cold start.
 */
async function writeCardFont(dir: string): Promise<void> {
  const sources = packagedFontSources();
  const subsetter = await openSubsetter(sources);
  const codePoints = CARD_FONT_RANGES.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, offset) => first + offset));
  fs.writeFileSync(path.join(dir, CARD_FONT_FILE), subsetter.subset(codePoints));
  fs.copyFileSync(sources.wasm, path.join(dir, HARFBUZZ_WASM_FILE));
  // The SIL Open Font License asks that the licence travel with the font.
  fs.copyFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/LICENSE_FONT'), path.join(dir, 'LICENSE-card-font.txt'));
}

if (require.main === module) {
  buildFunctions().then(
    (built) => {
      for (const fn of built) console.log(`built ${fn.name.padEnd(9)} ${(fn.bytes / 1024).toFixed(0)} KiB  ${path.relative(ROOT, fn.dir)}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
