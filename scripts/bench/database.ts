import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { database } from '../../cloudfunctions/shared/cloudbase';
import { spawnEmulator } from '../../emulator/child';
import { useEmulatorForSdk } from '../../emulator/sdk-env';
import { ROOT } from '../lib/cloudbaserc';
import { elapsedMs, median, percentile } from './stats';

const run = promisify(execFile);

export interface DocGetReport {
  documents: number;
  sequentialCalls: number;
  medianMs: number;
  p95Ms: number;
  clients: number;
  inFlightPerClient: number;
  perSecond: number;
  /** CPU the node-sdk itself spends per call in a client: signing, axios, EJSON. */
  clientCpuMsPerCall: number;
}

/**
 * `doc(id).get()` through the real node-sdk against an emulator in its own process backed by a SQLite
 * file: latency of sequential calls from this process, then throughput from several client processes
 * (functions run in many instances; one client process saturates its core with the SDK's own work).
 */
export async function measureDocGet(documents = 2_000, sequentialCalls = 2_000, clients = 2, inFlightPerClient = 8, seconds = 4): Promise<DocGetReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxing-bench-'));
  const emulator = await spawnEmulator(dataDir);
  useEmulatorForSdk(emulator.url);
  try {
    await database().createCollection('bench');
    const collection = database().collection('bench');
    for (let i = 0; i < documents; i += 100) {
      const batch = Array.from({ length: Math.min(100, documents - i) }, (_, k) => ({
        _id: `doc-${i + k}`,
        colour: 'green',
        reasons: [{ code: 'NO_RISK', zh: '未见异常', en: 'No anomaly' }],
        updatedAt: new Date(),
      }));
      await collection.add(batch);
    }
    const randomId = () => `doc-${Math.floor(Math.random() * documents)}`;

    for (let i = 0; i < 200; i++) await collection.doc(randomId()).get(); // warm the keep-alive connection
    const latencies: number[] = [];
    for (let i = 0; i < sequentialCalls; i++) {
      const start = process.hrtime.bigint();
      await collection.doc(randomId()).get();
      latencies.push(elapsedMs(start));
    }

    const startAt = Date.now() + 3_000; // all clients start together, after their warm-up
    const client = path.join(__dirname, 'doc-get-client.ts');
    const results = await Promise.all(
      Array.from({ length: clients }, () =>
        run(process.execPath, ['--import', 'tsx', client, emulator.url, String(documents), String(inFlightPerClient), String(startAt), String(seconds)], { cwd: ROOT }),
      ),
    );
    const counts = results.map(({ stdout }) => JSON.parse(stdout) as { calls: number; cpuMs: number });
    const calls = counts.reduce((sum, count) => sum + count.calls, 0);
    return {
      documents,
      sequentialCalls,
      medianMs: median(latencies),
      p95Ms: percentile(latencies, 95),
      clients,
      inFlightPerClient,
      perSecond: calls / seconds,
      clientCpuMsPerCall: counts.reduce((sum, count) => sum + count.cpuMs, 0) / calls,
    };
  } finally {
    await emulator.stop('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
