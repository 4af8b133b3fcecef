import type { AuditEntryView, ResultOf, Result } from '../../../../typings/contract';
import type { AuditAction } from '../../../../cloudfunctions/shared/domain/audit';
import { SERVER_TIME } from '../../../test-support/fixtures';
import { exists, find, loadComponent, open, settle, tap, textOf, typeInto, type Rendered } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';
import { ACTION_LABELS } from '../../../utils/audit-display';

type AuditPage = ResultOf<'staff', 'auditLog'>;

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/staff-audit/index', 'tx-staff-audit');
});

function anEntry(overrides: Partial<AuditEntryView> = {}): AuditEntryView {
  return {
    at: SERVER_TIME,
    actorMasked: 'oSta****ff01',
    actorRoles: ['resident', 'staff'],
    action: 'pass.issuePrinted',
    target: { kind: 'pass', id: 'pass-1' },
    reason: '老人无智能手机',
    details: {},
    ...overrides,
  };
}

beforeEach(() => {
  functions = fakeFunctions({ 'staff.auditLog': ok({ entries: [anEntry()] }) });
});

afterEach(() => jest.restoreAllMocks());

async function openPage(): Promise<Rendered> {
  const page = open(pageId);
  await settle();
  return page;
}

/** Each entry's lines (its text elements) as shown, in order; an entry without a reason has one line fewer. */
function entries(page: Rendered): string[][] {
  return page
    .querySelectorAll('.tx-staff-audit__entry')
    .map((row) => Array.from(row.dom?.querySelectorAll('wx-text') ?? [], (line) => (line.textContent ?? '').trim()));
}

describe('操作记录', () => {
  test('lists the newest entries as sent: what in Chinese, on what, who, Beijing time and why', async () => {
    functions.answer({
      'staff.auditLog': ok({
        entries: [
          anEntry(),
          anEntry({ action: 'role.revoke', actorMasked: 'oAdm****in01', actorRoles: ['resident', 'admin'], target: { kind: 'account', id: 'o-guard-1' }, reason: '已调岗' }),
          anEntry({ action: 'appeal.submit', actorMasked: 'oRes****nt01', actorRoles: ['resident'], target: { kind: 'appeal', id: 'ap-1' }, reason: '' }),
        ],
      }),
    });
    const page = await openPage();

    expect(functions.sent('staff.auditLog')).toEqual([{}]);
    expect(entries(page)).toEqual([
      ['办理纸质通行证', '对象：通行证 pass-1', '操作人：社区工作人员 oSta****ff01', '2025年3月1日 14:05:09', '原因：老人无智能手机'],
      ['撤销身份', '对象：账号 o-guard-1', '操作人：管理员 oAdm****in01', '2025年3月1日 14:05:09', '原因：已调岗'],
      ['提交申诉', '对象：申诉 ap-1', '操作人：居民 oRes****nt01', '2025年3月1日 14:05:09'],
    ]);
  });

  test('an action or target kind it does not know is shown by its raw name', async () => {
    functions.answer({ 'staff.auditLog': ok({ entries: [anEntry({ action: 'pass.teleport', target: { kind: 'spaceship', id: 's-1' } })] }) });
    const page = await openPage();

    expect(textOf(find(page, '.tx-staff-audit__what'))).toBe('pass.teleport');
    expect(textOf(find(page, '.tx-staff-audit__target'))).toBe('对象：spaceship s-1');
  });

  test('every action the server writes has a label, and the picker offers them all after 全部操作', async () => {
    type Unlabelled = Exclude<AuditAction, keyof typeof ACTION_LABELS>;
    const none: [Unlabelled] extends [never] ? true : false = true;
    const page = await openPage();

    expect(none).toBe(true);
    expect(page.data.actionLabels).toEqual(['全部操作', ...Object.values(ACTION_LABELS)]);
    expect(textOf(find(page, '.tx-staff-audit__action'))).toBe('全部操作');
  });

  test('sends the chosen action, target id and actor openid, trimmed; empty ones are left out', async () => {
    const page = await openPage();
    const appealDecide = Object.keys(ACTION_LABELS).indexOf('appeal.decide') + 1;

    find(page, '#action').dispatchEvent('change', { detail: { value: String(appealDecide) } });
    await settle();
    expect(textOf(find(page, '.tx-staff-audit__action'))).toBe('作出申诉决定');

    await typeInto(page, '#target-id', ' ap-7 ');
    await tap(page, '#search');
    await typeInto(page, '#actor-id', 'o-demo-staff');
    await typeInto(page, '#target-id', '');
    await tap(page, '#search');

    expect(functions.sent('staff.auditLog')).toEqual([
      {},
      { auditAction: 'appeal.decide' },
      { auditAction: 'appeal.decide', targetId: 'ap-7' },
      { auditAction: 'appeal.decide', actorId: 'o-demo-staff' },
    ]);
  });

  test('加载更多 sends the cursor with the filters of the list shown and appends the next page', async () => {
    functions.answer({
      'staff.auditLog': (params) =>
        params.cursor === 'c1'
          ? ok({ entries: [anEntry({ action: 'pass.lookup', reason: '核对身份' })] })
          : ok({ entries: [anEntry()], nextCursor: 'c1' }),
    });
    const page = await openPage();
    await typeInto(page, '#target-id', 'pass-1');
    await tap(page, '#search');
    // Typed but not searched: the next page keeps to the list on screen.
    await typeInto(page, '#target-id', 'pass-2');

    await tap(page, '#more');

    expect(functions.sent('staff.auditLog').at(-1)).toEqual({ targetId: 'pass-1', cursor: 'c1' });
    expect(page.querySelectorAll('.tx-staff-audit__what').map((node) => textOf(node))).toEqual(['办理纸质通行证', '按身份证号查找']);
    expect(exists(page, '#more')).toBe(false);
  });

  test('no 加载更多 when the server sends no nextCursor', async () => {
    const page = await openPage();

    expect(entries(page)).toHaveLength(1);
    expect(exists(page, '#more')).toBe(false);
  });

  test('says so when nothing matches', async () => {
    functions.answer({ 'staff.auditLog': ok({ entries: [] }) });
    const page = await openPage();

    expect(textOf(find(page, '.tx-staff-audit__empty'))).toBe('没有符合条件的操作记录。');
  });

  test('a refusal (FORBIDDEN) shows its message with 重试', async () => {
    functions.answer({ 'staff.auditLog': refused('FORBIDDEN', '只有社区工作人员和管理员可以查看操作记录') });
    const page = await openPage();

    expect(textOf(find(page, '#state'))).toContain('只有社区工作人员和管理员可以查看操作记录');
    expect(textOf(find(page, '#state'))).toContain('重试');
    expect(exists(page, '.tx-staff-audit__entry')).toBe(false);
  });

  test('when the filters change while a list is loading, the late answer for the old filters is not shown', async () => {
    const first = deferred<Result<AuditPage>>();
    functions.answer({ 'staff.auditLog': (params) => (params.targetId ? ok({ entries: [anEntry({ action: 'card.print' })] }) : first.promise) });
    const page = open(pageId);
    await typeInto(page, '#target-id', 'pass-1');
    await tap(page, '#search');

    first.resolve(ok({ entries: [anEntry()], nextCursor: 'c1' }));
    await settle();

    expect(page.querySelectorAll('.tx-staff-audit__what').map((node) => textOf(node))).toEqual(['打印卡片']);
    expect(exists(page, '#more')).toBe(false);
  });

  test('a refusal of 加载更多 is said below the list, which stays', async () => {
    functions.answer({ 'staff.auditLog': (params) => (params.cursor ? refused('UNAVAILABLE') : ok({ entries: [anEntry()], nextCursor: 'c1' })) });
    const page = await openPage();

    await tap(page, '#more');

    expect(textOf(find(page, '.tx-staff-audit__more-error'))).toContain('网络');
    expect(entries(page)).toHaveLength(1);
    expect(exists(page, '#more')).toBe(true);
  });

  test('greys out 加载更多 while it runs; a second tap sends nothing more', async () => {
    const reply = deferred<Result<AuditPage>>();
    functions.answer({ 'staff.auditLog': (params) => (params.cursor ? reply.promise : ok({ entries: [anEntry()], nextCursor: 'c1' })) });
    const page = await openPage();

    find(page, '#more').dispatchEvent('tap');
    find(page, '#more').dispatchEvent('tap');
    await settle();

    expect(find(page, '#more').data.disabled).toBe(true);
    expect(functions.sent('staff.auditLog').filter((params) => params.cursor)).toHaveLength(1);
  });

  test('pulling down starts again from the newest, without the cursor, and stops the indicator', async () => {
    const stop = jest.spyOn(wx, 'stopPullDownRefresh');
    functions.answer({
      'staff.auditLog': (params) => (params.cursor ? ok({ entries: [anEntry({ action: 'pass.lookup' })] }) : ok({ entries: [anEntry()], nextCursor: 'c1' })),
    });
    const page = await openPage();
    await tap(page, '#more');
    expect(entries(page)).toHaveLength(2);

    functions.answer({ 'staff.auditLog': ok({ entries: [anEntry({ action: 'card.print' })] }) });
    await page.instance.onPullDownRefresh();

    expect(functions.sent('staff.auditLog').at(-1)).toEqual({});
    expect(page.querySelectorAll('.tx-staff-audit__what').map((node) => textOf(node))).toEqual(['打印卡片']);
    expect(exists(page, '#more')).toBe(false);
    expect(stop).toHaveBeenCalled();
  });
});
