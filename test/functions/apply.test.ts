import { database } from '../../cloudfunctions/shared/cloudbase';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import type { PassDocument } from '../../cloudfunctions/shared/domain/pass';
import { createResident } from '../../cloudfunctions/resident';
import { invocationContext } from '../../emulator/runtime';
import type { RunningEmulator } from '../../emulator/server';
import type { ApplyResult, PassView, Result } from '../../typings/contract';
import { startTestEmulator } from '../support/emulator';
import { testPlatform } from '../support/platform';
import { openidFor, syntheticIdNumber } from '../support/people';

const resident = createResident(testPlatform());
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

const apply = (openid: string, name: string, idNumber: string) =>
  resident({ action: 'apply', name, idNumber }, invocationContext('resident', { openid })) as Promise<Result<ApplyResult>>;
const myPass = (openid: string) => resident({ action: 'myPass' }, invocationContext('resident', { openid })) as Promise<Result<PassView>>;

async function documentCount(collection: string): Promise<number> {
  return (await database().collection(collection).count()).total;
}

async function allDocuments<T>(collection: string): Promise<T[]> {
  return (await database().collection(collection).limit(1000).get()).data as T[];
}

/** Every person has exactly its pass, every account exactly its pass, and the pass points back. */
async function expectInvariantsHold(): Promise<void> {
  const passes = await allDocuments<PassDocument>(COLLECTIONS.passes);
  const persons = await allDocuments<{ _id: string; passId: string }>(COLLECTIONS.persons);
  const accounts = await allDocuments<{ _id: string; passId: string }>(COLLECTIONS.accounts);
  const byId = new Map(passes.map((pass) => [pass._id, pass]));
  expect(persons).toHaveLength(passes.length);
  for (const person of persons) expect(byId.get(person.passId)?.personKey).toBe(person._id);
  for (const account of accounts) expect(byId.get(account.passId)?.openid).toBe(account._id);
  expect(accounts).toHaveLength(passes.filter((pass) => pass.openid !== null).length);
}

describe('apply', () => {
  test('a resident applies with name and ID number and gets a green pass, shown masked', async () => {
    const openid = openidFor('apply1');
    const result = await apply(openid, ' 张三丰 ', syntheticIdNumber(1).toLowerCase());
    expect(result).toMatchObject({ ok: true, data: { created: true, carriedOver: false } });
    const pass = result.ok ? result.data.pass : undefined;
    expect(pass).toMatchObject({ nameMasked: '张*丰', idMasked: `1101**********${syntheticIdNumber(1).slice(-4)}`, colour: 'green', status: 'active', origin: 'self' });
    expect(pass?.reasons.map((reason) => reason.code)).toEqual(['NO_RISK']);
    await expect(myPass(openid)).resolves.toEqual({ ok: true, data: pass });
  });

  test('applying again from the same account answers the same pass and writes nothing', async () => {
    const openid = openidFor('apply2');
    const first = await apply(openid, '李四', syntheticIdNumber(2));
    const passesBefore = await documentCount(COLLECTIONS.passes);
    const again = await apply(openid, '李四', syntheticIdNumber(2));
    expect(again).toMatchObject({ ok: true, data: { created: false } });
    expect(again.ok && first.ok && again.data.pass.passId).toBe(first.ok && first.data.pass.passId);
    expect(await documentCount(COLLECTIONS.passes)).toBe(passesBefore);
  });

  test('an account that holds a pass cannot apply for someone else', async () => {
    const openid = openidFor('apply3');
    await apply(openid, '王五', syntheticIdNumber(3));
    const passesBefore = await documentCount(COLLECTIONS.passes);
    await expect(apply(openid, '王六', syntheticIdNumber(4))).resolves.toMatchObject({ ok: false, code: 'ACCOUNT_HAS_PASS' });
    expect(await documentCount(COLLECTIONS.passes)).toBe(passesBefore);
  });

  test("a person's pass cannot be taken by a second account", async () => {
    await apply(openidFor('apply5a'), '赵六', syntheticIdNumber(5));
    const refused = await apply(openidFor('apply5b'), '赵六', syntheticIdNumber(5));
    expect(refused).toMatchObject({ ok: false, code: 'ID_BOUND_TO_OTHER_ACCOUNT', message: expect.stringContaining('我要申诉') });
    await expect(myPass(openidFor('apply5b'))).resolves.toMatchObject({ ok: false, code: 'NO_PASS' });
  });

  test.each([
    ['a wrong check digit', '张三', `${syntheticIdNumber(6).slice(0, 17)}${syntheticIdNumber(6).endsWith('0') ? '1' : '0'}`, 'ID_INVALID', 'checkDigit'],
    ['17 characters', '张三', syntheticIdNumber(6).slice(0, 17), 'ID_INVALID', 'length'],
    ['a birth date in the future', '张三', syntheticIdNumber(6, '20991231'), 'ID_INVALID', 'birthDate'],
    ['digits in the name', '张三3', syntheticIdNumber(6), 'NAME_INVALID', undefined],
  ])('%s is refused with a typed error and nothing is written', async (_label, name, idNumber, code, detail) => {
    const before = await documentCount(COLLECTIONS.passes);
    const result = await apply(openidFor('bad'), name, idNumber);
    expect(result).toMatchObject({ ok: false, code });
    if (detail) expect(!result.ok && result.detail).toBe(detail);
    expect(!result.ok && result.message).not.toContain(idNumber);
    expect(await documentCount(COLLECTIONS.passes)).toBe(before);
    await expect(myPass(openidFor('bad'))).resolves.toMatchObject({ ok: false, code: 'NO_PASS' });
  });

  test('50 concurrent applications from one account give exactly one pass', async () => {
    const openid = openidFor('race1');
    const results = await Promise.all(Array.from({ length: 50 }, () => apply(openid, '钱七', syntheticIdNumber(7))));
    const passIds = new Set(results.map((result) => (result.ok ? result.data.pass.passId : result.code)));
    expect(passIds.size).toBe(1);
    expect(results.filter((result) => result.ok && result.data.created)).toHaveLength(1);
    const held = (await database().collection(COLLECTIONS.passes).where({ openid }).get()).data;
    expect(held).toHaveLength(1);
    await expectInvariantsHold();
  });

  test('the same ID number from 5 accounts at once gives one pass; the others are told it is bound', async () => {
    const accounts = [1, 2, 3, 4, 5].map((n) => openidFor(`race2-${n}`));
    const results = await Promise.all(accounts.map((openid) => apply(openid, '孙八', syntheticIdNumber(8))));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.code)).toEqual(Array(4).fill('ID_BOUND_TO_OTHER_ACCOUNT'));
    await expectInvariantsHold();
  });

  test('after 5 refusals that reveal another person, the account must wait', async () => {
    await apply(openidFor('owner9'), '周九', syntheticIdNumber(9));
    const prober = openidFor('prober');
    for (let i = 0; i < 5; i++) {
      await expect(apply(prober, '周九', syntheticIdNumber(9))).resolves.toMatchObject({ code: 'ID_BOUND_TO_OTHER_ACCOUNT' });
    }
    const limited = await apply(prober, '吴十', syntheticIdNumber(10));
    expect(limited).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
    expect(Number(!limited.ok && limited.detail)).toBeGreaterThan(Date.now());
    await expect(myPass(prober)).resolves.toMatchObject({ code: 'NO_PASS' });
  });
});
