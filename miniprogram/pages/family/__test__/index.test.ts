import type { ErrorCode, FamilyPassView, OneTimeCode, Result } from '../../../../typings/contract';
import { aFamilyGrant, aFamilyPass, SERVER_TIME } from '../../../test-support/fixtures';
import { answerModal, exists, find, loadComponent, open, settle, tap, textOf, typeInto, type Rendered } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/family/index', 'tx-family');
});

beforeEach(() => {
  functions = fakeFunctions({
    'resident.familyPasses': ok({ passes: [] }),
    'resident.familyGrants': ok({ grants: [] }),
  });
});

afterEach(() => jest.restoreAllMocks());

async function openFamily(): Promise<Rendered> {
  const page = open(pageId);
  await settle();
  return page;
}

describe('家人代为出示', () => {
  test('loads both lists and says plainly that each pass stays its owner’s', async () => {
    const page = await openFamily();

    expect(functions.sent('resident.familyPasses')).toEqual([{}]);
    expect(functions.sent('resident.familyGrants')).toEqual([{}]);
    expect(textOf(page)).toContain('每张通行证仍只属于本人');
    expect(textOf(find(page, '.tx-family__no-passes'))).toContain('还没有家人授权您代为出示');
    expect(textOf(find(page, '.tx-family__no-grants'))).toBe('还没有家人可以代您出示。');
  });

  describe('as a family member', () => {
    test("shows each pass I may display with the owner's label, masked name and photo, marked as not mine", async () => {
      functions.answer({
        'resident.familyPasses': ok({
          passes: [
            aFamilyPass({ grantId: 'g-mum', label: '妈妈', nameMasked: '李*芳', photoUrl: 'https://tmp.example/mum.jpg' }),
            aFamilyPass({ grantId: 'g-dad', label: '爸爸', nameMasked: '张*国', colour: 'yellow' }),
          ],
        }),
      });
      const page = await openFamily();

      const cards = page.querySelectorAll('.tx-family__pass');
      expect(cards).toHaveLength(2);
      expect(textOf(find(cards[0], '.tx-pass-card__family'))).toBe('代家人出示 · 妈妈（李*芳）');
      expect(find(cards[0], '.tx-pass-card__photo').data.src).toBe('https://tmp.example/mum.jpg');
      expect(textOf(find(cards[1], '.tx-pass-card__family'))).toBe('代家人出示 · 爸爸（张*国）');
      expect(textOf(cards[1])).toContain('黄码');
      expect(exists(page, '.tx-family__no-passes')).toBe(false);
    });

    test("出示 opens the code page for that family member's grant; a cancelled pass offers none", async () => {
      const navigate = jest.spyOn(wx, 'navigateTo');
      functions.answer({
        'resident.familyPasses': ok({
          passes: [aFamilyPass({ grantId: 'g-mum', label: '妈妈' }), aFamilyPass({ grantId: 'g-dad', label: '爸爸', status: 'cancelled' })],
        }),
      });
      const page = await openFamily();

      expect(page.querySelectorAll('.tx-family__show-code').map((button) => textOf(button))).toEqual(['出示「妈妈」的通行码']);
      await tap(page, '.tx-family__show-code');

      expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/code/index?grantId=g-mum' }));
    });

    test('entering a code adds that pass to the list', async () => {
      const toast = jest.spyOn(wx, 'showToast');
      functions.answer({ 'resident.familyAccept': ok({ pass: aFamilyPass({ label: '妈妈', nameMasked: '李*芳' }) }) });
      const page = await openFamily();

      await typeInto(page, '#code', 'ABCD 2345');
      await tap(page, '#accept');

      expect(functions.sent('resident.familyAccept')).toEqual([{ code: 'ABCD 2345' }]);
      expect(textOf(find(page, '.tx-family__pass >>> .tx-pass-card__family'))).toBe('代家人出示 · 妈妈（李*芳）');
      expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已添加' }));
      expect(find(page, '#code').data.value).toBe('');
    });

    test('asks for the code without calling the server when the field is empty', async () => {
      const page = await openFamily();

      await tap(page, '#accept');

      expect(textOf(find(page, '.tx-family__code-error'))).toBe('请输入家人给您的邀请码');
      expect(functions.sent('resident.familyAccept')).toEqual([]);
    });

    test.each<[ErrorCode, string, string]>([
      ['CODE_INVALID', '该验证码已过期，请向对方重新索取', '该验证码已过期，请向对方重新索取'],
      ['CODE_INVALID', '', '验证码不正确或已过期，请核对后重新输入，或请对方重新获取'],
      ['LIMIT_REACHED', '', '已达到人数上限，请先撤销不再需要的授权'],
      ['CONFLICT', '', '同时有其他操作，请刷新后再试'],
    ])('on %s with message %p shows %p under the code', async (code, message, shown) => {
      functions.answer({ 'resident.familyAccept': refused(code, message) });
      const page = await openFamily();

      await typeInto(page, '#code', 'ABCD2345');
      await tap(page, '#accept');

      expect(textOf(find(page, '.tx-family__code-error'))).toBe(shown);
      expect(find(page, '#accept').data.disabled).toBe(false);
    });

    test('greys out 添加 while it runs; a second tap sends nothing more', async () => {
      const reply = deferred<Result<{ pass: FamilyPassView }>>();
      functions.answer({ 'resident.familyAccept': () => reply.promise });
      const page = await openFamily();
      await typeInto(page, '#code', 'ABCD2345');

      find(page, '#accept').dispatchEvent('tap');
      find(page, '#accept').dispatchEvent('tap');
      await settle();

      expect(find(page, '#accept').data.disabled).toBe(true);
      expect(functions.sent('resident.familyAccept')).toHaveLength(1);
    });
  });

  describe('as owner', () => {
    test('lists who may display my pass', async () => {
      functions.answer({
        'resident.familyGrants': ok({ grants: [aFamilyGrant({ label: '女儿', accountMasked: 'oAbc****wxyz', grantedAt: SERVER_TIME })] }),
      });
      const page = await openFamily();

      expect(textOf(find(page, '.tx-family__grant'))).toContain('女儿');
      expect(textOf(find(page, '.tx-family__grant'))).toContain('微信号 oAbc****wxyz · 2025年3月1日授权');
    });

    test('撤销 asks first and, once confirmed, revokes and removes the row', async () => {
      const modal = answerModal(true);
      functions.answer({
        'resident.familyGrants': ok({ grants: [aFamilyGrant({ grantId: 'g-1', label: '女儿' }), aFamilyGrant({ grantId: 'g-2', label: '儿子' })] }),
        'resident.familyRevoke': ok({ revoked: true }),
      });
      const page = await openFamily();

      await tap(page, '.tx-family__revoke');

      expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤销代为出示', content: '撤销后，「女儿」将不能再出示您的通行证。' }));
      expect(functions.sent('resident.familyRevoke')).toEqual([{ grantId: 'g-1' }]);
      expect(page.querySelectorAll('.tx-family__grant').map((row) => textOf(row))).toEqual([expect.stringContaining('儿子')]);
    });

    test('撤销 does nothing when the dialog is cancelled', async () => {
      answerModal(false);
      functions.answer({ 'resident.familyGrants': ok({ grants: [aFamilyGrant()] }) });
      const page = await openFamily();

      await tap(page, '.tx-family__revoke');

      expect(functions.sent('resident.familyRevoke')).toEqual([]);
      expect(page.querySelectorAll('.tx-family__grant')).toHaveLength(1);
      expect(find(page, '.tx-family__revoke').data.disabled).toBe(false);
    });

    test("a refused revocation keeps the row and shows the server's message", async () => {
      answerModal(true);
      functions.answer({
        'resident.familyGrants': ok({ grants: [aFamilyGrant()] }),
        'resident.familyRevoke': refused('NOT_FOUND'),
      });
      const page = await openFamily();

      await tap(page, '.tx-family__revoke');

      expect(textOf(find(page, '.tx-family__revoke-error'))).toBe('没有找到要办理的记录，请刷新后再试');
      expect(page.querySelectorAll('.tx-family__grant')).toHaveLength(1);
    });

    test('inviting shows the code, its expiry and what the family member does with it', async () => {
      functions.answer({ 'resident.familyInvite': ok({ code: 'FAMI2345', expiresAt: SERVER_TIME }) });
      const page = await openFamily();

      await typeInto(page, '#label', ' 妈妈 ');
      await tap(page, '#invite');

      expect(functions.sent('resident.familyInvite')).toEqual([{ label: '妈妈' }]);
      const invitation = textOf(find(page, '#invitation'));
      expect(invitation).toContain('FAMI 2345');
      expect(invitation).toContain('有效期至 2025年3月1日 14:05:09');
      expect(invitation).toContain('请「妈妈」用自己的微信打开「通行」，进入「家人代为出示」');
    });

    test('asks for the relation without calling the server when it is empty', async () => {
      const page = await openFamily();

      await tap(page, '#invite');

      expect(textOf(find(page, '.tx-family__label-error'))).toBe('请填写家人的称呼，如：妈妈');
      expect(functions.sent('resident.familyInvite')).toEqual([]);
    });

    test("a refused invitation shows the server's message and no code", async () => {
      functions.answer({ 'resident.familyInvite': refused('LIMIT_REACHED', '最多可以授权5位家人代为出示') });
      const page = await openFamily();

      await typeInto(page, '#label', '妈妈');
      await tap(page, '#invite');

      expect(textOf(find(page, '.tx-family__label-error'))).toBe('最多可以授权5位家人代为出示');
      expect(exists(page, '#invitation')).toBe(false);
    });

    test('greys out 生成邀请码 while it runs; a second tap sends nothing more', async () => {
      const reply = deferred<Result<OneTimeCode>>();
      functions.answer({ 'resident.familyInvite': () => reply.promise });
      const page = await openFamily();
      await typeInto(page, '#label', '妈妈');

      find(page, '#invite').dispatchEvent('tap');
      find(page, '#invite').dispatchEvent('tap');
      await settle();

      expect(find(page, '#invite').data.disabled).toBe(true);
      expect(functions.sent('resident.familyInvite')).toHaveLength(1);
    });

    test('without a pass of my own, there is nothing to let others show: it offers to apply instead', async () => {
      const navigate = jest.spyOn(wx, 'navigateTo');
      functions.answer({ 'resident.familyGrants': refused('NO_PASS', '您还没有申领通行证') });
      const page = await openFamily();

      expect(textOf(find(page, '.tx-family__no-pass'))).toContain('您还没有通行证，申领后才能邀请家人代为出示');
      expect(exists(page, '#invite')).toBe(false);
      expect(exists(page, '#accept')).toBe(true);

      await tap(page, '.tx-family__apply');
      expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/apply/index' }));
    });
  });

  test.each([
    ['resident.familyPasses', 'resident.familyGrants'],
    ['resident.familyGrants', 'resident.familyPasses'],
  ] as const)("a failure of %s shows the server's message and 重试, which loads both again", async (failing, other) => {
    functions.answer({ [failing]: refused('INTERNAL', '系统正在维护，请十分钟后再试') });
    const page = await openFamily();

    expect(textOf(page)).toContain('系统正在维护，请十分钟后再试');
    expect(exists(page, '#state >>> .tx-state-view__retry')).toBe(true);

    functions.answer({ [failing]: ok(failing === 'resident.familyPasses' ? { passes: [] } : { grants: [] }) });
    await tap(page, '#state >>> .tx-state-view__retry');

    expect(functions.sent(other)).toHaveLength(2);
    expect(textOf(page)).not.toContain('系统正在维护');
  });
});
