import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFunctions } from './build';
import { measureDocGet } from './bench/database';
import { measureBundles } from './bench/functions';
import { ROOT } from './lib/cloudbaserc';

/**
 * `npm run bench`: measures what the README reports. Numbers, never pass/fail: timed assertions belong
 * nowhere in the test suite. Results also go to build/bench.json.
 */
async function bench(): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
  await buildFunctions();

  const bundles = measureBundles();
  console.log('function bundles (esbuild, minified; cold require = median of 5 fresh processes)');
  for (const bundle of bundles) {
    console.log(`  ${bundle.name.padEnd(9)} ${bundle.kib.toFixed(0).padStart(6)} KiB   cold require ${bundle.coldRequireMs.toFixed(1).padStart(6)} ms`);
  }

  const docGet = await measureDocGet();
  console.log('\ndatabase: doc(id).get() through @cloudbase/node-sdk against the emulator (SQLite file, loopback)');
  console.log(`  sequential: median ${docGet.medianMs.toFixed(2)} ms, p95 ${docGet.p95Ms.toFixed(2)} ms over ${docGet.sequentialCalls} calls`);
  console.log(
    `  throughput: ${docGet.perSecond.toFixed(0)} per second from ${docGet.clients} client processes × ${docGet.inFlightPerClient} calls in flight` +
      ` (the SDK spends ${docGet.clientCpuMsPerCall.toFixed(2)} ms CPU per call in the client)`,
  );

  const out = path.join(ROOT, 'build', 'bench.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, bundles, docGet }, null, 2)}\n`);
  console.log(`\nwritten ${path.relative(ROOT, out)}`);
}

bench().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
