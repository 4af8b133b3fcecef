import type { Result, Role } from '../../typings/contract';
import type { RoleDocument } from '../../cloudfunctions/shared/roles';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import { database, runTransaction } from '../../cloudfunctions/shared/cloudbase';
import { checkDigitOf } from '../../cloudfunctions/shared/domain/id-number';
import { parseFeedPartners } from '../../cloudfunctions/shared/domain/feed-partners';
import type { FunctionsRuntime } from '../../emulator/runtime';
import { feedRequestBody, signedFeedHeaders } from './feed-client';

export interface DemoAccount {
  openid: string;
  label: string;
  role: Role;
}

/** The WeChat accounts `npm start` seeds; the preview's identity switcher offers the same list. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { openid: 'o-demo-resident-1', label: '居民 王小明', role: 'resident' },
  { openid: 'o-demo-resident-2', label: '居民 李华', role: 'resident' },
  { openid: 'o-demo-guard', label: '查验员 张卫东（幸福小区东门）', role: 'guard' },
  { openid: 'o-demo-staff', label: '社区工作人员 陈静（松江区）', role: 'staff' },
  { openid: 'o-demo-admin', label: '管理员 刘强', role: 'admin' },
];

/** Admins come from configuration, not the database: locally the demo admin is configured. */
export const DEMO_ADMIN_OPENIDS = DEMO_ACCOUNTS.filter((account) => account.role === 'admin').map((account) => account.openid);

/** The demo staff account, as which the commands call the local runtime unless told otherwise (--openid). */
export const DEMO_STAFF_OPENID = DEMO_ACCOUNTS.find((account) => account.role === 'staff')?.openid ?? '';

const SEED_MARKER = 'seed';

/**
 * A synthetic ID number for a demo person: Songjiang district, born 1900-01-01 — a date no living person
 * has, so no real person's number is ever seeded.
 */
export function demoIdNumber(sequence: number): string {
  const first17 = `31011719000101${String(sequence).padStart(3, '0')}`;
  return first17 + checkDigitOf(first17);
}

/** Demo residents with passes: 王小明 green; 李华 yellow (arrived from a key area two days before seeding). */
const DEMO_RESIDENTS = [
  { openid: 'o-demo-resident-1', name: '王小明', idNumber: demoIdNumber(11) },
  { openid: 'o-demo-resident-2', name: '李华', idNumber: demoIdNumber(22) },
];

/** Pushes a signed travel record through the feed function, as the telecom partner would. */
async function pushDemoArrival(runtime: FunctionsRuntime, idNumber: string, now: Date): Promise<void> {
  const partner = [...parseFeedPartners(process.env.FEED_PARTNERS).values()].find((candidate) => candidate.sources.includes('travel'));
  if (!partner) throw new Error('FEED_PARTNERS has no travel partner to seed the demo arrival with');
  const arrivedAt = new Date(now.getTime() - 2 * 86_400_000).toISOString();
  const body = feedRequestBody('travel', [{ recordId: 'demo-arrival-1', version: 1, idNumber, arrivedAt, fromRegion: '330302' }]);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = `seed-${now.getTime()}-arrival`;
  const headers = signedFeedHeaders(partner.keyId, partner.secret, '/feed/records', timestamp, nonce, body);
  const answer = (await runtime.invoke('feed', { path: '/feed/records', httpMethod: 'POST', headers, queryStringParameters: {}, body, isBase64Encoded: false }, {})) as {
    statusCode: number;
    body: string;
  };
  if (answer.statusCode !== 200) throw new Error(`seeding the demo arrival failed: ${answer.body}`);
}

/** What apply and startFaceVerification answer, as far as applying needs. */
type Answer = Result<{ verification?: string }>;

/**
 * Applies for `person`'s pass as the person would, through the resident function: with a face verification
 * first when the local CloudBase has it on (FACE_VERIFICATION=local approves it). Throws on any refusal.
 */
export async function applyAs(runtime: FunctionsRuntime, person: { openid: string; name: string; idNumber: string }): Promise<void> {
  const call = async (action: string, extra: Record<string, string> = {}) =>
    (await runtime.invoke('resident', { action, name: person.name, idNumber: person.idNumber, ...extra }, { openid: person.openid })) as Answer;
  let answer = await call('apply');
  if (!answer.ok && answer.code === 'FACE_VERIFICATION_REQUIRED') {
    const started = await call('startFaceVerification');
    answer = started.ok ? await call('apply', { faceVerification: started.data.verification ?? '' }) : started;
  }
  if (!answer.ok) throw new Error(`applying for the pass of ${person.name} failed: ${answer.message}`);
}

/**
 * Seeds the demo data once: role grants, passes for the demo residents (through the resident function, as
 * they would apply) and a partner record that makes one of them yellow. Every step is idempotent and the
 * marker is written last, so a start interrupted half-way completes the seed next time; once seeded, later
 * starts leave the data (and any changes made since) alone. Returns whether it seeded now.
 */
export async function seedDemoData(now: Date, runtime: FunctionsRuntime): Promise<boolean> {
  const db = database();
  const meta = db.collection(COLLECTIONS.meta);
  if ((await meta.doc(SEED_MARKER).get()).data.length > 0) return false;

  const grants: Array<Omit<RoleDocument, '_id'> & { _id: string }> = [
    { _id: 'o-demo-guard', guard: { checkpointId: 'cp-xingfu-east', checkpointName: '幸福小区东门', grantedAt: now, grantedBy: 'seed' } },
    { _id: 'o-demo-staff', staff: { district: '松江区', grantedAt: now, grantedBy: 'seed' } },
  ];
  await runTransaction(db, async (transaction) => {
    for (const grant of grants) {
      const { _id, ...fields } = grant;
      await transaction.collection(COLLECTIONS.roles).doc(_id).set(fields);
    }
  });
  for (const resident of DEMO_RESIDENTS) await applyAs(runtime, resident);
  await pushDemoArrival(runtime, DEMO_RESIDENTS[1].idNumber, now);
  await meta.doc(SEED_MARKER).set({ seededAt: now });
  return true;
}
