import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
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
      });
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        `${JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: {} }, null, 2)}\n`,
      );
      return { name, dir, bytes: fs.statSync(path.join(dir, 'index.js')).size };
    }),
  );
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
