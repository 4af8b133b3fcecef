import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { database } from '../../cloudfunctions/shared/cloudbase';
import { spawnEmulator } from '../../emulator/child';
import { useEmulatorForSdk } from '../../emulator/sdk-env';
import { elapsedMs, median, percentile } from './stats';

export interface DocGetReport {
  documents: number;
  sequentialCalls: number;
  medianMs: number;
  p95Ms: number;
  concurrency: number;
  perSecond: number;
}

/**
 * `doc(id).get()` through the real node-sdk against an emulator in its own process backed by a SQLite
 * file: latency of sequential calls, then throughput with several calls in flight.
 */
export async function measureDocGet(documents = 2_000, sequentialCalls = 2_000, concurrency = 16, seconds = 3): Promise<DocGetReport> {
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
        reasons: ['NO_RECORD'],
        updatedAt: new Date(),
      }));
      await collection.add(batch);
    }
    const randomId = () => `doc-${Math.floor(Math.random() * documents)}`;

    for (let i = 0; i < 200; i++) await collection.doc(randomId()).get(); // warm the keep-alive connections
    const latencies: number[] = [];
    for (let i = 0; i < sequentialCalls; i++) {
      const start = process.hrtime.bigint();
      await collection.doc(randomId()).get();
      latencies.push(elapsedMs(start));
    }

    let completed = 0;
    const deadline = Date.now() + seconds * 1000;
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < deadline) {
          await collection.doc(randomId()).get();
          completed++;
        }
      }),
    );
    return {
      documents,
      sequentialCalls,
      medianMs: median(latencies),
      p95Ms: percentile(latencies, 95),
      concurrency,
      perSecond: completed / (elapsedMs(start) / 1000),
    };
  } finally {
    await emulator.stop('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
