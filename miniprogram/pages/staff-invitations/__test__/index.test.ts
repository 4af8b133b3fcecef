import type { ErrorCode, OneTimeCode, Result, Role } from '../../../../typings/contract';
import { aRoleGrant, aSession, SERVER_TIME } from '../../../test-support/fixtures';
import { answerModal, exists, find, loadComponent, open, settle, tap, textOf, typeInto, type Rendered } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/staff-invitations/index', 'tx-staff-invitations');
});

beforeEach(() => {
  functions = fakeFunctions({
    'resident.session': ok(aSession({ roles: ['resident', 'staff'] })),
    'staff.roles': ok({ grants: [] }),
    'staff.createInvitation': ok({ code: 'INVI2345', expiresAt: SERVER_TIME }),
  });
});

afterEach(() => jest.restoreAllMocks());

async function openAs(roles: Role[]): Promise<Rendered> {
  functions.answer({ 'resident.session': ok(aSession({ roles })) });
  const page = open(pageId);
  await settle();
  return page;
}

async function fillGuard(page: Rendered): Promise<void> {
  await typeInto(page, '#checkpoint-id', 'gate-east');
  await typeInto(page, '#checkpoint-name', '东门');
}

describe('邀请与权限', () => {
  test('staff invite a guard for a checkpoint and see the code with what the guard does with it', async () => {
    const page = await openAs(['resident', 'staff']);

    await fillGuard(page);
    await tap(page, '#create');

    expect(functions.sent('staff.createInvitation')).toEqual([{ role: 'guard', checkpointId: 'gate-east', checkpointName: '东门' }]);
    const invitation = textOf(find(page, '#invitation'));
    expect(invitation).toContain('INVI 2345');
    expect(invitation).toContain('有效期至 2025年3月1日 14:05:09');
    expect(invitation).toContain('在首页点「输入邀请码」并填写此码，即可开通查验员身份');
  });

  test('staff cannot choose to invite staff', async () => {
    const page = await openAs(['resident', 'staff']);

    expect(exists(page, '.tx-staff-invitations__guard')).toBe(true);
    expect(exists(page, '.tx-staff-invitations__staff')).toBe(false);
  });

  test('an admin invites staff for a district', async () => {
    const page = await openAs(['resident', 'admin']);

    await tap(page, '.tx-staff-invitations__staff');
    await typeInto(page, '#district', '松江区方松街道');
    await tap(page, '#create');

    expect(functions.sent('staff.createInvitation')).toEqual([{ role: 'staff', district: '松江区方松街道' }]);
    expect(textOf(find(page, '#invitation'))).toContain('即可开通社区工作人员身份');
  });

  test.each([
    ['a guard without a checkpoint', 'guard', '请填写查验点编号和名称'],
    ['staff without a district', 'staff', '请填写所属街道或社区'],
  ])('says what is missing for %s without calling the server', async (_case, role, problem) => {
    const page = await openAs(['resident', 'admin']);

    await tap(page, `.tx-staff-invitations__${role}`);
    await tap(page, '#create');

    expect(textOf(find(page, '.tx-staff-invitations__error'))).toBe(problem);
    expect(functions.sent('staff.createInvitation')).toEqual([]);
  });

  test.each<[ErrorCode, string, string]>([
    ['FORBIDDEN', '只有管理员可以邀请社区工作人员', '只有管理员可以邀请社区工作人员'],
    ['INVALID_REQUEST', '', '填写的内容有误，请检查后重试'],
  ])("on %s with message %p shows %p", async (code, message, shown) => {
    functions.answer({ 'staff.createInvitation': refused(code, message) });
    const page = await openAs(['resident', 'staff']);

    await fillGuard(page);
    await tap(page, '#create');

    expect(textOf(find(page, '.tx-staff-invitations__error'))).toBe(shown);
    expect(exists(page, '#invitation')).toBe(false);
  });

  test('greys out 生成邀请码 while it runs; a second tap sends nothing more', async () => {
    const reply = deferred<Result<OneTimeCode>>();
    functions.answer({ 'staff.createInvitation': () => reply.promise });
    const page = await openAs(['resident', 'staff']);
    await fillGuard(page);

    find(page, '#create').dispatchEvent('tap');
    find(page, '#create').dispatchEvent('tap');
    await settle();

    expect(find(page, '#create').data.disabled).toBe(true);
    expect(functions.sent('staff.createInvitation')).toHaveLength(1);
  });

  test('lists role holders with their role, checkpoint or district and date', async () => {
    functions.answer({
      'staff.roles': ok({
        grants: [
          aRoleGrant({ account: 'oGua****rd01', role: 'guard', checkpointId: 'gate-east' }),
          aRoleGrant({ accountId: 'openid-staff-1', account: 'oSta****ff01', role: 'staff', checkpointId: undefined, district: '方松街道' }),
        ],
      }),
    });
    const page = await openAs(['resident', 'staff']);

    expect(functions.sent('staff.roles')).toEqual([{}]);
    expect(page.querySelectorAll('.tx-staff-invitations__grant').map((row) => textOf(row))).toEqual([
      expect.stringContaining('查验员 · oGua****rd01查验点 gate-east · 2025年3月1日开通'),
      expect.stringContaining('社区工作人员 · oSta****ff01方松街道 · 2025年3月1日开通'),
    ]);
  });

  test('says so when nobody holds a role', async () => {
    const page = await openAs(['resident', 'staff']);

    expect(textOf(find(page, '.tx-staff-invitations__no-grants'))).toBe('还没有人开通查验员或工作人员身份。');
  });

  test('撤销 asks for the reason in the dialog, sends it and removes the row', async () => {
    const modal = answerModal(true, ' 已离职 ');
    functions.answer({ 'staff.roles': ok({ grants: [aRoleGrant()] }), 'staff.revokeRole': ok({ revoked: true }) });
    const page = await openAs(['resident', 'staff']);

    await tap(page, '.tx-staff-invitations__revoke');

    expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤销查验员权限', editable: true, placeholderText: '撤销 oGua****rd01 的原因（必填）' }));
    expect(functions.sent('staff.revokeRole')).toEqual([{ accountId: 'openid-guard-1', role: 'guard', reason: '已离职' }]);
    expect(exists(page, '.tx-staff-invitations__grant')).toBe(false);
  });

  test('撤销 without a reason sends nothing and says a reason is needed', async () => {
    const toast = jest.spyOn(wx, 'showToast');
    answerModal(true, '  ');
    functions.answer({ 'staff.roles': ok({ grants: [aRoleGrant()] }) });
    const page = await openAs(['resident', 'staff']);

    await tap(page, '.tx-staff-invitations__revoke');

    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '请填写撤销原因' }));
    expect(functions.sent('staff.revokeRole')).toEqual([]);
    expect(find(page, '.tx-staff-invitations__revoke').data.disabled).toBe(false);
  });

  test('撤销 cancelled in the dialog sends nothing', async () => {
    answerModal(false, '已离职');
    functions.answer({ 'staff.roles': ok({ grants: [aRoleGrant()] }) });
    const page = await openAs(['resident', 'staff']);

    await tap(page, '.tx-staff-invitations__revoke');

    expect(functions.sent('staff.revokeRole')).toEqual([]);
    expect(exists(page, '.tx-staff-invitations__grant')).toBe(true);
  });

  test("a refused revocation keeps the row and shows the server's message", async () => {
    answerModal(true, '已离职');
    functions.answer({ 'staff.roles': ok({ grants: [aRoleGrant()] }), 'staff.revokeRole': refused('CONFLICT') });
    const page = await openAs(['resident', 'staff']);

    await tap(page, '.tx-staff-invitations__revoke');

    expect(textOf(find(page, '.tx-staff-invitations__revoke-error'))).toBe('同时有其他操作，请刷新后再试');
    expect(exists(page, '.tx-staff-invitations__grant')).toBe(true);
  });

  test("a resident who opens the page reads the server's FORBIDDEN sentence and 重试", async () => {
    functions.answer({ 'staff.roles': refused('FORBIDDEN') });
    const page = await openAs(['resident']);

    expect(textOf(page)).toContain('您的账号没有办理此事项的权限');
    expect(textOf(page)).not.toContain('FORBIDDEN');
    expect(exists(page, '#state >>> .tx-state-view__retry')).toBe(true);
  });
});
