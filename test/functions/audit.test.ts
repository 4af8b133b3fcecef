import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { appendAudit } from '../../cloudfunctions/shared/audit';
import { database } from '../../cloudfunctions/shared/cloudbase';
import { auditEntry, type Actor, type AuditAction, type AuditEntry } from '../../cloudfunctions/shared/domain/audit';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import type { RunningEmulator } from '../../emulator/server';
import type { AuditEntryView, ParamsOf, ResultOf } from '../../typings/contract';
import { callerOf, dataOf } from '../support/call';
import { startTestEmulator } from '../support/emulator';
import { testPlatform } from '../support/platform';

const accountOf = (prefix: string, tail: string) => prefix.padEnd(24, '0') + tail;
const STAFF = accountOf('oStaff', 'S001');
const ADMIN = accountOf('oAdmin', 'A001');
const GUARD = accountOf('oGuard', 'G001');
const NEW_STAFF = accountOf('oNewStaff', 'N001');
const MINUTE = 60_000;
/** The acts below happen one minute apart: t(0) … t(4). */
const START = new Date('2026-11-27T02:00:00Z').getTime();
const t = (minute: number) => START + minute * MINUTE;

let now = new Date(START);
const call = callerOf(testPlatform({ admins: [ADMIN], clock: () => now }));
let emulator: RunningEmulator;

const auditPage = async (filters: ParamsOf<'staff', 'auditLog'> = {}, by = STAFF) => dataOf(await call('staff', { action: 'auditLog', ...filters }, by));
const auditLog = async (filters: ParamsOf<'staff', 'auditLog'> = {}, by = STAFF) => (await auditPage(filters, by)).entries;
/** Every page from the first, following nextCursor. */
async function allPages(filters: ParamsOf<'staff', 'auditLog'>): Promise<Array<ResultOf<'staff', 'auditLog'>>> {
  const pages = [await auditPage(filters)];
  for (let cursor = pages[0].nextCursor; cursor !== undefined; cursor = pages[pages.length - 1].nextCursor) {
    pages.push(await auditPage({ ...filters, cursor }));
  }
  return pages;
}
/** Accounts are shown masked (oGua…G001): their first 4 characters are kept, as an invitation id's are. */
const summary = (entries: AuditEntryView[]) => entries.map((entry) => `${entry.at - START}:${entry.action}:${entry.target.id.slice(0, 4)}`);

beforeAll(async () => {
  emulator = await startTestEmulator();
  await database().collection(COLLECTIONS.roles).doc(STAFF).set({ staff: { district: '松江区', grantedAt: new Date(START), grantedBy: ADMIN } });

  const at = (minute: number) => {
    now = new Date(t(minute));
  };
  at(0);
  const guardCode = dataOf(await call('staff', { action: 'createInvitation', role: 'guard', checkpointId: 'cp-1', checkpointName: '幸福小区东门' }, STAFF)).code;
  at(1);
  dataOf(await call('resident', { action: 'redeemInvitation', code: guardCode }, GUARD));
  at(2);
  const staffCode = dataOf(await call('staff', { action: 'createInvitation', role: 'staff', district: '徐汇区' }, ADMIN)).code;
  at(3);
  dataOf(await call('resident', { action: 'redeemInvitation', code: staffCode }, NEW_STAFF));
  at(4);
  dataOf(await call('staff', { action: 'revokeRole', accountId: GUARD, role: 'guard', reason: '调离岗位' }, STAFF));
});
afterAll(() => emulator.close());

describe('auditLog', () => {
  test('lists every act newest first, each with who, what, when, why and on what; actors masked', async () => {
    const entries = await auditLog();
    expect(summary(entries)).toEqual([
      `${4 * MINUTE}:role.revoke:oGua`,
      `${3 * MINUTE}:role.grant:oNew`,
      `${2 * MINUTE}:invitation.create:${entries[2].target.id.slice(0, 4)}`,
      `${1 * MINUTE}:role.grant:oGua`,
      `${0 * MINUTE}:invitation.create:${entries[4].target.id.slice(0, 4)}`,
    ]);
    expect(entries[0]).toEqual({
      at: t(4),
      actorMasked: 'oSta…S001',
      actorRoles: ['resident', 'staff'],
      action: 'role.revoke',
      // The account a role was granted or revoked is masked as the actor is.
      target: { kind: 'account', id: 'oGua…G001' },
      reason: '调离岗位',
      details: { role: 'guard', checkpointId: 'cp-1', checkpointName: '幸福小区东门', grantedBy: 'oSta…S001', grantedAt: t(1) },
    });
    expect(entries[1]).toMatchObject({ actorMasked: 'oNew…N001', actorRoles: ['resident'], reason: '兑换邀请码', details: { invitedBy: 'oAdm…A001' } });
    expect(entries[2]).toMatchObject({ actorMasked: 'oAdm…A001', actorRoles: ['resident', 'admin'], target: { kind: 'invitation' }, details: { district: '徐汇区' } });
    // Each grant names the invitation it came from.
    expect(entries[1].details.invitationId).toBe(entries[2].target.id);
    expect(entries[3].details.invitationId).toBe(entries[4].target.id);
    expect(entries[1].target).toEqual({ kind: 'account', id: 'oNew…N001' });
    // Every account appears masked only: actors and targets alike.
    expect(JSON.stringify(entries)).not.toMatch(new RegExp(`${STAFF}|${ADMIN}|${GUARD}|${NEW_STAFF}`));
  });

  test('filters by action, target, actor and time, alone and together', async () => {
    expect(summary(await auditLog({ auditAction: 'role.grant' }))).toEqual([`${3 * MINUTE}:role.grant:oNew`, `${1 * MINUTE}:role.grant:oGua`]);
    expect(summary(await auditLog({ targetId: GUARD }))).toEqual([`${4 * MINUTE}:role.revoke:oGua`, `${1 * MINUTE}:role.grant:oGua`]);
    expect((await auditLog({ actorId: STAFF })).map((entry) => entry.action)).toEqual(['role.revoke', 'invitation.create']);
    // since inclusive, until exclusive
    expect((await auditLog({ since: t(1), until: t(4) })).map((entry) => entry.at)).toEqual([t(3), t(2), t(1)]);
    expect((await auditLog({ since: t(3) })).map((entry) => entry.at)).toEqual([t(4), t(3)]);
    expect((await auditLog({ until: t(1) })).map((entry) => entry.at)).toEqual([t(0)]);
    expect(summary(await auditLog({ auditAction: 'role.grant', since: t(2) }))).toEqual([`${3 * MINUTE}:role.grant:oNew`]);
    expect(await auditLog({ auditAction: 'role.grant', actorId: STAFF })).toEqual([]);
    expect(await auditLog({ auditAction: 'no.such.action' })).toEqual([]);
  });

  test('admins read the same log', async () => {
    expect(await auditLog({}, ADMIN)).toEqual(await auditLog({}, STAFF));
  });

  test.each([
    ['since after until', { since: t(4), until: t(1) }],
    ['since equal to until', { since: t(1), until: t(1) }],
    ['a limit over 100', { limit: 101 }],
    ['a limit of 0', { limit: 0 }],
    ['a time that is not a whole number of ms', { since: 1.5 }],
    ['an empty auditAction', { auditAction: '' }],
    ['an empty cursor', { cursor: '' }],
  ])('%s is INVALID_REQUEST', async (_label, filters) => {
    await expect(call('staff', { action: 'auditLog', ...filters }, STAFF)).resolves.toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });

  test('answers 50 entries by default and at most 100; nextCursor pages back without gaps or repeats', async () => {
    const bulkStart = t(-1000);
    const actor: Actor = { openid: STAFF, roles: ['resident', 'staff'] };
    await Promise.all(
      Array.from({ length: 130 }, (_, index) =>
        appendAudit(database(), auditEntry(actor, new Date(bulkStart + index * 1000), 'pass.cancel', { kind: 'pass', id: `p${index}` }, '重复办理')),
      ),
    );
    const page = (filters: ParamsOf<'staff', 'auditLog'>) => auditLog({ auditAction: 'pass.cancel', ...filters });
    const first = await page({});
    expect(first.map((entry) => entry.target.id)).toEqual(Array.from({ length: 50 }, (_, n) => `p${129 - n}`));
    expect(await page({ limit: 100 })).toHaveLength(100);
    const pages = await allPages({ auditAction: 'pass.cancel', limit: 100 });
    expect(pages.map((answer) => answer.entries.length)).toEqual([100, 30]);
    expect(pages.flatMap((answer) => answer.entries).map((entry) => entry.target.id)).toEqual(Array.from({ length: 130 }, (_, n) => `p${129 - n}`));
  });

  test('250 entries of one millisecond page through completely with limit 100: each once, in order; filters still apply', async () => {
    const at = new Date(t(-5000));
    const importer: Actor = { openid: ADMIN, roles: ['resident', 'admin'] };
    const sameAt = (actor: Actor, action: AuditAction, id: string) => appendAudit(database(), auditEntry(actor, at, action, { kind: 'pass', id }, '旧系统导入'));
    // A legacy import's entries, and in the same millisecond others that the filters must keep out.
    for (let batch = 0; batch < 5; batch++) {
      await Promise.all(Array.from({ length: 50 }, (_, index) => sameAt(importer, 'pass.import', `imported${batch * 50 + index}`)));
    }
    await Promise.all(Array.from({ length: 20 }, (_, index) => sameAt({ openid: STAFF, roles: ['resident', 'staff'] }, 'pass.import', `other${index}`)));
    await Promise.all(Array.from({ length: 20 }, (_, index) => sameAt(importer, 'pass.reprint', `reprinted${index}`)));

    // The order the database itself gives: (at desc, _id desc), so within the millisecond by _id.
    const stored = async (where: Record<string, unknown>) =>
      ((await database().collection(COLLECTIONS.audit).where({ at, ...where }).orderBy('_id', 'desc').limit(1000).get()).data as AuditEntry[]).map(
        (entry) => entry.target.id,
      );

    const imports = await allPages({ auditAction: 'pass.import', actorId: ADMIN, limit: 100 });
    expect(imports.map((answer) => [answer.entries.length, answer.nextCursor !== undefined])).toEqual([[100, true], [100, true], [50, false]]);
    const importedIds = imports.flatMap((answer) => answer.entries).map((entry) => entry.target.id);
    expect(new Set(importedIds).size).toBe(250);
    expect(importedIds).toEqual(await stored({ action: 'pass.import', 'actor.openid': ADMIN }));

    // The same millisecond without action or actor: all 290, each once, nothing from another time.
    const everything = (await allPages({ since: at.getTime(), until: at.getTime() + 1, limit: 100 })).flatMap((answer) => answer.entries);
    expect(everything.map((entry) => entry.target.id)).toEqual(await stored({}));
    expect(everything).toHaveLength(290);
    const reprints = (await allPages({ auditAction: 'pass.reprint', limit: 7 })).flatMap((answer) => answer.entries);
    expect(reprints.map((entry) => entry.target.id)).toEqual(await stored({ action: 'pass.reprint' }));
  });

  test('accounts in targets and details are masked as actors are; filtering by the full openid still finds them', async () => {
    const byTarget = await auditLog({ targetId: GUARD });
    expect(byTarget.map((entry) => [entry.action, entry.target])).toEqual([
      ['role.revoke', { kind: 'account', id: 'oGua…G001' }],
      ['role.grant', { kind: 'account', id: 'oGua…G001' }],
    ]);

    // Moves, rebinds and appeal decisions keep the accounts whole in the log: the view masks them.
    const at = new Date(t(-9000));
    const actor: Actor = { openid: STAFF, roles: ['resident', 'staff'] };
    const moved = { kind: 'pass' as const, id: 'pass-moved' };
    await appendAudit(database(), auditEntry(actor, at, 'pass.moveToAccount', moved, '转到微信', { fromAccount: null, toAccount: GUARD, revokedCardSerial: 1 }));
    await appendAudit(database(), auditEntry(actor, at, 'pass.rebind', moved, '手机遗失', { fromAccount: GUARD, toAccount: NEW_STAFF, revokedCardSerial: null }));
    await appendAudit(database(), auditEntry(actor, at, 'appeal.approve', { kind: 'appeal', id: 'appeal-1' }, '同意', { approve: true, decidedBy: ADMIN }));
    const entries = await auditLog({ since: at.getTime(), until: at.getTime() + 1 });
    expect(Object.fromEntries(entries.map((entry) => [entry.action, entry.details]))).toEqual({
      'pass.moveToAccount': { fromAccount: null, toAccount: 'oGua…G001', revokedCardSerial: 1 },
      'pass.rebind': { fromAccount: 'oGua…G001', toAccount: 'oNew…N001', revokedCardSerial: null },
      'appeal.approve': { approve: true, decidedBy: 'oAdm…A001' },
    });
    expect(JSON.stringify(entries)).not.toMatch(new RegExp(`${STAFF}|${ADMIN}|${GUARD}|${NEW_STAFF}`));
    // The stored entries are unchanged: the log keeps them whole.
    const stored = (await database().collection(COLLECTIONS.audit).where({ action: 'pass.rebind', 'target.id': 'pass-moved' }).get()).data as AuditEntry[];
    expect(stored.map((entry) => entry.details)).toEqual([{ fromAccount: GUARD, toAccount: NEW_STAFF, revokedCardSerial: null }]);
  });

  test.each([
    ['not base64url', 'not a cursor!'],
    ['base64url of no JSON', Buffer.from('hello').toString('base64url')],
    ['a position without id', Buffer.from('[1764208800000]').toString('base64url')],
    ['a time that is not a number', Buffer.from('["yesterday","abc"]').toString('base64url')],
    ['a negative time', Buffer.from('[-1,"abc"]').toString('base64url')],
    ['an empty id', Buffer.from('[1764208800000,""]').toString('base64url')],
  ])('a cursor that is %s is INVALID_REQUEST, saying how to start over', async (_label, cursor) => {
    await expect(call('staff', { action: 'auditLog', cursor }, STAFF)).resolves.toEqual({
      ok: false,
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('从第一页重新查询'),
    });
  });
});

describe('nothing edits or deletes the audit log', () => {
  const ROOT = join(__dirname, '../../cloudfunctions');
  /** Every source file bundled into a deployed function (tests are not deployed). */
  const sources = readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts'))
    .map((path) => ({ path: relative(ROOT, join(ROOT, path)), text: readFileSync(join(ROOT, path), 'utf8') }));
  /** The schema declares the collection and its indexes; it touches no database. */
  const SCHEMA_FILE = join('shared', 'schema.ts');
  const READS = new Set(['where', 'orderBy', 'skip', 'limit', 'field', 'doc', 'get', 'count']);

  /** Method names called on `.collection(COLLECTIONS.audit)` up to the end of the statement, arguments skipped. */
  function chainAfter(text: string, start: number): string[] {
    const methods: string[] = [];
    let depth = 0;
    for (let index = start; index < text.length; index++) {
      const character = text[index];
      if (character === '(' || character === '[' || character === '{') depth++;
      else if (character === ')' || character === ']' || character === '}') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (character === ';' || character === ',')) break;
      else if (depth === 0 && character === '.') {
        const name = /^\.\s*(\w+)/.exec(text.slice(index))?.[1];
        if (name) methods.push(name);
      }
    }
    return methods;
  }

  function auditUses(): Array<{ path: string; methods: string[] }> {
    const uses: Array<{ path: string; methods: string[] }> = [];
    for (const { path, text } of sources) {
      for (const match of text.matchAll(/\.collection\(\s*COLLECTIONS\.audit\s*\)/g)) {
        uses.push({ path, methods: chainAfter(text, (match.index ?? 0) + match[0].length) });
      }
    }
    return uses;
  }

  test('the sources are found', () => {
    expect(sources.map((source) => source.path)).toEqual(expect.arrayContaining([join('shared', 'audit.ts'), join('staff', 'roles.ts'), SCHEMA_FILE]));
  });

  test('the audit collection is reached only as `.collection(COLLECTIONS.audit)`, never by its name or through the table', () => {
    const strays = sources.flatMap(({ path, text }) => {
      if (path === SCHEMA_FILE) return text.includes('.collection(') ? [`${path}: database access`] : [];
      const named = [...text.matchAll(/COLLECTIONS\.audit\b/g)].length;
      const reached = [...text.matchAll(/\.collection\(\s*COLLECTIONS\.audit\s*\)/g)].length;
      const problems: string[] = [];
      if (named !== reached) problems.push(`${path}: COLLECTIONS.audit outside .collection(…)`);
      if (/['"`]audit['"`]/.test(text)) problems.push(`${path}: the collection's name as a string`);
      if (/COLLECTIONS\s*\[|\(\s*COLLECTIONS\s*\)/.test(text)) problems.push(`${path}: the collection table indexed or passed whole`);
      return problems;
    });
    expect(strays).toEqual([]);
  });

  test('the only write is `add`, in shared/audit.ts; every other use is a read', () => {
    const uses = auditUses();
    const writes = uses.filter(({ methods }) => !methods.every((method) => READS.has(method)));
    expect(writes).toEqual([{ path: join('shared', 'audit.ts'), methods: ['add'] }]);
    // A read ends in get or count: a reference kept for later could be written through.
    for (const { path, methods } of uses.filter((use) => !writes.includes(use))) {
      expect({ path, last: methods[methods.length - 1] }).toEqual({ path, last: expect.stringMatching(/^(get|count)$/) });
    }
  });

  test('the scan sees a write where there is one', () => {
    const text = 'await db.collection(COLLECTIONS.audit).where({ at: _.lt(new Date(since)) }).remove();';
    expect(chainAfter(text, text.indexOf(')') + 1)).toEqual(['where', 'remove']);
  });
});
