import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateIdProtectionEnv } from '../../cloudfunctions/shared/privacy';
import { SCHEMA } from '../../cloudfunctions/shared/schema';
import { startEmulator } from '../../emulator/server';
import { useEmulatorForSdk } from '../../emulator/sdk-env';
import { syntheticIdNumber } from '../../test/support/people';
import { readCloudbaserc } from '../lib/cloudbaserc';
import { httpFeedClient } from '../lib/feed-client';
import type { FeedLine } from '../lib/feed-file';
import { batchesOf, runFeed } from '../lib/feed-push';
import { elapsedMs } from './stats';

const DAY_MS = 86_400_000;
const BATCH = 500;
const APPLYING_SHARE = 5;
/** A few applications in flight, as residents apply concurrently. */
const APPLY_CONCURRENCY = 4;

// Once per process: the functions read their configuration once, when first called.
const HEALTH = { keyId: 'health-bench', secret: randomBytes(32) };
const TRAVEL = { keyId: 'travel-bench', secret: randomBytes(32) };
const ENVIRONMENT = {
  ADMIN_OPENIDS: '',
  ...generateIdProtectionEnv(),
  FEED_PARTNERS: JSON.stringify([
    { keyId: HEALTH.keyId, sources: ['health'], secret: HEALTH.secret.toString('base64') },
    { keyId: TRAVEL.keyId, sources: ['travel'], secret: TRAVEL.secret.toString('base64') },
  ]),
};

/** Person `index` of the synthetic population: born on a day of January 1900, a thousand people a day. */
const idNumberOf = (index: number) => syntheticIdNumber(index % 1000, `190001${String(1 + Math.floor(index / 1000)).padStart(2, '0')}`);

function travelRecord(index: number, now: number): FeedLine {
  const idNumber = idNumberOf(index);
  // A quarter arrive from a key area (Wenzhou), within the last 20 days: some turn yellow, some not.
  const arrivedAt = new Date(now - ((index * 7) % 20) * DAY_MS - 3_600_000).toISOString();
  return { line: index, idNumber, record: { recordId: `bench-t-${index}`, version: 1, idNumber, arrivedAt, fromRegion: index % 4 === 0 ? '330302' : '320102' } };
}

function healthRecord(index: number, now: number): FeedLine {
  const idNumber = idNumberOf(index);
  const status = index % 20 === 0 ? 'observation' : index % 20 === 1 ? 'confirmed' : index % 2 === 0 ? 'excluded' : 'released';
  return { line: index, idNumber, record: { recordId: `bench-h-${index}`, version: 1, idNumber, status, effectiveAt: new Date(now - DAY_MS).toISOString() } };
}

/**
 * Feed ingestion end to end: the `npm run feed` client signs and posts batches of 500 over HTTP to the
 * functions runtime serving the BUILT feed function, which stores every record and recomputes the colour
 * of every pass it touches, against the emulator's database on a SQLite file. A fifth of the people apply
 * for a pass first (through the resident function), so their colours are recomputed as records arrive.
 * Half the records are arrivals, half health records, one of each per person.
 */
export async function measureFeedIngestion(records = 2_000): Promise<{ records: number; perSecond: number; batches: number }> {
  const project = readCloudbaserc();
  for (const fn of project.functions) {
    if (!fs.existsSync(path.join(project.buildDir, fn.name, 'index.js'))) throw new Error('run `npm run build` first');
  }
  Object.assign(process.env, ENVIRONMENT);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxing-bench-feed-'));
  const emulator = await startEmulator({ port: 0, dataDir, schema: SCHEMA, functions: project });
  useEmulatorForSdk(emulator.url);
  try {
    const people = Math.ceil(records / 2);
    const applicants = Array.from({ length: Math.ceil(people / APPLYING_SHARE) }, (_, k) => k * APPLYING_SHARE);
    for (let start = 0; start < applicants.length; start += APPLY_CONCURRENCY) {
      await Promise.all(
        applicants.slice(start, start + APPLY_CONCURRENCY).map(async (index) => {
          const response = await fetch(`${emulator.url}/functions/resident`, {
            method: 'POST',
            headers: { 'X-WX-OPENID': `o-bench-${String(index).padStart(20, '0')}` },
            body: JSON.stringify({ action: 'apply', name: '陈明', idNumber: idNumberOf(index) }),
          });
          const answer = (await response.json()) as { ok: boolean; message?: string };
          if (!answer.ok) throw new Error(`apply failed for person ${index}: ${answer.message}`);
        }),
      );
    }

    const now = Date.now();
    const travel = Array.from({ length: people }, (_, index) => travelRecord(index, now));
    const health = Array.from({ length: records - people }, (_, index) => healthRecord(index, now));
    const client = (partner: typeof HEALTH) => httpFeedClient({ url: `${emulator.url}/http`, path: '/feed/records', keyId: partner.keyId, secret: partner.secret });

    const start = process.hrtime.bigint();
    const summaries = [await runFeed({ records: travel, rejected: [] }, client(TRAVEL), 'travel', BATCH), await runFeed({ records: health, rejected: [] }, client(HEALTH), 'health', BATCH)];
    const seconds = elapsedMs(start) / 1000;

    const accepted = summaries.reduce((sum, summary) => sum + summary.accepted, 0);
    if (accepted !== records) throw new Error(`only ${accepted} of ${records} records were accepted: ${JSON.stringify(summaries.map((summary) => summary.rejected.slice(0, 3)))}`);
    return { records, perSecond: records / seconds, batches: batchesOf(travel, 'travel', BATCH).batches.length + batchesOf(health, 'health', BATCH).batches.length };
  } finally {
    await emulator.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
