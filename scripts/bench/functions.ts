import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readCloudbaserc } from '../lib/cloudbaserc';
import { median } from './stats';

export interface BundleReport {
  name: string;
  kib: number;
  coldRequireMs: number;
}

/** Size of each built bundle and the time a fresh Node process takes to require it (a cold start's share). */
export function measureBundles(runs = 5): BundleReport[] {
  const { buildDir, functions } = readCloudbaserc();
  return functions.map(({ name }) => {
    const file = path.join(buildDir, name, 'index.js');
    const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
    const samples = Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
    return { name, kib: fs.statSync(file).size / 1024, coldRequireMs: median(samples) };
  });
}
