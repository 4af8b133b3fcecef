import type { LegacyRecord } from '../../typings/contract';
import { syntheticIdNumber } from '../../test/support/people';
import type { Database } from './cloudbase';
import { importLegacyRecords } from './legacy-import';
import { createIdProtector, generateIdProtectionEnv, parseIdProtectionKeys } from './privacy';

/**
 * The failure paths of a batch, which a healthy emulator never takes: a database that keeps answering
 * "conflict" and one that is down. The happy paths run against the emulator in test/functions/migration.test.ts.
 */
const protector = createIdProtector(parseIdProtectionKeys(generateIdProtectionEnv()));
const actor = { openid: 'o-staff', roles: ['resident' as const, 'staff' as const] };

function records(count: number): LegacyRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    line: index + 2,
    name: '陈志明',
    idNumber: syntheticIdNumber(index),
    legacyNumber: `NH-${index}`,
    status: 'active',
  }));
}

/** A database whose every transaction fails with `error`, counting the attempts. */
function failingDatabase(error: unknown): { db: Database; attempts: () => number } {
  let attempts = 0;
  const db = {
    runTransaction: async () => {
      attempts += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw error;
    },
  } as unknown as Database;
  return { db, attempts: () => attempts };
}

test('a row that keeps losing races is refused with a reason to retry; the other rows are still answered', async () => {
  const { db } = failingDatabase({ code: 'DATABASE_TRANSACTION_CONFLICT' });
  const rows = await importLegacyRecords({ db, protector, actor, now: new Date() }, [...records(2), { ...records(1)[0], line: 9, status: 'revoked' }]);
  expect(rows).toEqual([
    { line: 2, outcome: 'rejected', reason: expect.stringContaining('请稍后重新导入此行') },
    { line: 3, outcome: 'rejected', reason: expect.stringContaining('请稍后重新导入此行') },
    { line: 9, outcome: 'rejected', reason: expect.stringContaining('不转入') },
  ]);
});

test('a database that is down fails the call, and no row starts after the first failure', async () => {
  const { db, attempts } = failingDatabase(new Error('connect ECONNREFUSED'));
  await expect(importLegacyRecords({ db, protector, actor, now: new Date() }, records(40))).rejects.toThrow('ECONNREFUSED');
  // The rows already in flight (8 at a time) finish; none of the remaining 32 is tried.
  expect(attempts()).toBeLessThanOrEqual(8);
});
