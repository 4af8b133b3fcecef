import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFunctions } from './build';
import { buildMiniprogram, MAIN_PACKAGE_LIMIT_BYTES } from './build-miniprogram';
import { measureColourRules } from './bench/colour';
import { measureDocGet } from './bench/database';
import { measureFeedIngestion } from './bench/feed';
import { measureBundles } from './bench/functions';
import { measureTokens } from './bench/token';
import { measureVerifyHandler } from './bench/verify';
import { ROOT } from './lib/cloudbaserc';

/** One measured part: prints its lines and returns its numbers for build/bench.json. */
interface Section {
  name: string;
  title: string;
  run(): Promise<{ lines: string[]; report: unknown }>;
}

const fixed = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const SECTIONS: Section[] = [
  {
    name: 'bundles',
    title: 'function bundles (esbuild, minified; cold require = median of 5 fresh processes)',
    async run() {
      const bundles = measureBundles();
      return {
        lines: bundles.map((bundle) => `${bundle.name.padEnd(9)} ${fixed(bundle.kib).padStart(6)} KiB   cold require ${fixed(bundle.coldRequireMs, 1).padStart(6)} ms`),
        report: bundles,
      };
    },
  },
  {
    name: 'miniprogram',
    title: "mini-program upload copy (npm run build:miniprogram: every page's and component's script bundled on its own, unminified)",
    async run() {
      const built = await buildMiniprogram();
      const scripts = built.files.filter(({ file }) => file.endsWith('.js'));
      const largest = (files: typeof built.files) => files.reduce((a, b) => (b.bytes > a.bytes ? b : a));
      const page = largest(scripts.filter(({ file }) => built.pages.some((unit) => file === `${unit}.js`)));
      const any = largest(scripts);
      const kib = (bytes: number) => `${fixed(bytes / 1024)} KiB`;
      return {
        lines: [
          `total ${kib(built.bytes)} of WeChat's ${kib(MAIN_PACKAGE_LIMIT_BYTES)} main-package limit (${built.files.length} files; scripts ${kib(scripts.reduce((sum, { bytes }) => sum + bytes, 0))})`,
          `largest page script: ${page.file} ${kib(page.bytes)}; largest script: ${any.file} ${kib(any.bytes)}`,
        ],
        report: { bytes: built.bytes, limitBytes: MAIN_PACKAGE_LIMIT_BYTES, files: built.files },
      };
    },
  },
  {
    name: 'docGet',
    title: 'database: doc(id).get() through @cloudbase/node-sdk against the emulator (SQLite file, loopback)',
    async run() {
      const docGet = await measureDocGet();
      return {
        lines: [
          `sequential: median ${fixed(docGet.medianMs, 2)} ms, p95 ${fixed(docGet.p95Ms, 2)} ms over ${docGet.sequentialCalls} calls`,
          `throughput: ${fixed(docGet.perSecond)} per second from ${docGet.clients} client processes × ${docGet.inFlightPerClient} calls in flight ` +
            `(the SDK spends ${fixed(docGet.clientCpuMsPerCall, 2)} ms CPU per call in the client)`,
        ],
        report: docGet,
      };
    },
  },
  {
    name: 'colourRules',
    title: 'colour rules: the default rule set over synthetic people, one thread',
    async run() {
      const colour = measureColourRules();
      return {
        lines: [
          `evaluate: ${fixed(colour.perSecond)} people per second (${fixed(colour.people)} people)`,
          `with next-change time: ${fixed(colour.withNextChangePerSecond)} people per second`,
        ],
        report: colour,
      };
    },
  },
  {
    name: 'tokens',
    title: 'codes: ES256 tokens beside raw node:crypto P-256 in the same run',
    async run() {
      const tokens = measureTokens();
      const share = (ours: number, raw: number) => `${Math.round((ours / raw) * 100)}% of raw`;
      return {
        lines: [
          `sign:   ${fixed(tokens.signPerSecond)} per second (raw ${fixed(tokens.rawSignPerSecond)}; ${share(tokens.signPerSecond, tokens.rawSignPerSecond)})`,
          `verify: ${fixed(tokens.verifyPerSecond)} per second (raw ${fixed(tokens.rawVerifyPerSecond)}; ${share(tokens.verifyPerSecond, tokens.rawVerifyPerSecond)})`,
          `a phone code: ${tokens.tokenBytes} bytes, URL ${tokens.urlLength} characters, QR version ${tokens.qrVersion ?? '>40'} at level M`,
        ],
        report: tokens,
      };
    },
  },
  {
    name: 'feed',
    title: 'feed ingestion end to end: signed HTTP batches of 500 through the runtime, the feed function and the emulator',
    async run() {
      const feed = await measureFeedIngestion();
      return {
        lines: [`${fixed(feed.perSecond)} records per second (${feed.records} records in ${feed.batches} batches; client, function and emulator share one process)`],
        report: feed,
      };
    },
  },
  {
    name: 'verify',
    title: 'guard.verify through the real SDK against an in-process emulator (guard, fresh green code)',
    async run() {
      const verify = await measureVerifyHandler();
      return {
        lines: [
          `latency: median ${fixed(verify.medianMs, 2)} ms, p95 ${fixed(verify.p95Ms, 2)} ms over ${verify.calls} calls (1 database round trip on the critical path)`,
          `handler's own CPU (token extraction and one P-256 verify): ${fixed(verify.judgeMsPerCall, 3)} ms per call`,
          `whole-process CPU per call incl. the SDK client and the emulator serving it: ${fixed(verify.cpuMsPerCall, 2)} ms`,
        ],
        report: verify,
      };
    },
  },
];

/**
 * `npm run bench`: measures what the README reports. Numbers, never pass/fail: timed assertions belong
 * nowhere in the test suite. Results also go to build/bench.json.
 */
async function bench(): Promise<void> {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${os.loadavg()[0].toFixed(2)}\n`);
  await buildFunctions();
  const reports: Record<string, unknown> = {};
  for (const section of SECTIONS) {
    const { lines, report } = await section.run();
    console.log(`${section.title}\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
    reports[section.name] = report;
  }
  const out = path.join(ROOT, 'build', 'bench.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, ...reports }, null, 2)}\n`);
  console.log(`written ${path.relative(ROOT, out)}`);
}

bench().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
