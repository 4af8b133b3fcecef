import type { FollowUpView, Result } from '../../../../typings/contract';
import { aFollowUp } from '../../../test-support/appeals';
import { SERVER_TIME } from '../../../test-support/fixtures';
import { exists, find, loadComponent, openLoaded, settle, tap, textOf, typeInto } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/staff-follow-ups/index', 'tx-staff-follow-ups');
});

const closedOne = aFollowUp({ followUpId: 'fu-0', status: 'closed', nameMasked: '赵*', colour: 'red', closedAt: SERVER_TIME + 60_000, closingNote: '已送医' });

beforeEach(() => {
  functions = fakeFunctions({
    'staff.followUps': ({ status }) => ok({ followUps: status === 'open' ? [aFollowUp({ note: '咳嗽' }), aFollowUp({ followUpId: 'fu-2', nameMasked: '钱*' })] : [closedOne] }),
  });
});

afterEach(() => jest.restoreAllMocks());

describe('社区随访', () => {
  test("lists the open reports first, with where, when and who reported, then the closed ones with how they ended", async () => {
    const page = await openLoaded(pageId);

    expect(functions.sent('staff.followUps')).toEqual([{ status: 'open' }, { status: 'closed' }]);
    const open = page.querySelectorAll('.tx-staff-follow-ups__open .tx-staff-follow-ups__row').map((row) => textOf(row));
    expect(open[0]).toBe('李*芳黄码2025年3月1日 14:05:09 东门，查验员 oGua****rd01 报告查验员备注：咳嗽填写处理情况');
    expect(open).toHaveLength(2);
    expect(textOf(find(page, '.tx-staff-follow-ups__open .tx-section__title'))).toBe('待随访（2）');
    expect(textOf(find(page, '.tx-staff-follow-ups__closing'))).toBe('2025年3月1日 14:06:09 结案：已送医');
  });

  test('closing takes a note of what was done; the report moves to the closed list', async () => {
    const toast = jest.spyOn(wx, 'showToast');
    functions.answer({ 'staff.closeFollowUp': ok({ followUp: aFollowUp({ status: 'closed', closedAt: SERVER_TIME, closingNote: '已电话联系，居家健康监测' }) }) });
    const page = await openLoaded(pageId);

    await tap(page, '.tx-staff-follow-ups__select');
    await tap(page, '#close');
    expect(textOf(find(page, '.tx-staff-follow-ups__error'))).toBe('请填写处理情况（至少 2 个字），例如"已电话联系，居家健康监测"');
    expect(functions.sent('staff.closeFollowUp')).toEqual([]);

    await typeInto(page, '#note', '已电话联系，居家健康监测');
    await tap(page, '#close');

    expect(functions.sent('staff.closeFollowUp')).toEqual([{ followUpId: 'fu-1', note: '已电话联系，居家健康监测' }]);
    expect(page.querySelectorAll('.tx-staff-follow-ups__open .tx-staff-follow-ups__row')).toHaveLength(1);
    expect(textOf(find(page, '.tx-staff-follow-ups__closing'))).toBe('2025年3月1日 14:05:09 结案：已电话联系，居家健康监测');
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已结案' }));
  });

  test("a refusal shows the server's sentence, and a second tap while closing sends nothing more", async () => {
    const reply = deferred<Result<{ followUp: FollowUpView }>>();
    functions.answer({ 'staff.closeFollowUp': () => reply.promise });
    const page = await openLoaded(pageId);
    await tap(page, '.tx-staff-follow-ups__select');
    await typeInto(page, '#note', '已上门');

    await tap(page, '#close');
    await tap(page, '#close');
    reply.resolve(refused('INVALID_STATE', '该随访已结案'));
    await settle();

    expect(functions.sent('staff.closeFollowUp')).toHaveLength(1);
    expect(textOf(find(page, '.tx-staff-follow-ups__error'))).toBe('该随访已结案');
  });

  test('says so when nothing is open', async () => {
    functions.answer({ 'staff.followUps': ok({ followUps: [] }) });
    const page = await openLoaded(pageId);

    expect(textOf(find(page, '.tx-staff-follow-ups__none-open'))).toBe('没有待随访的报告。');
    expect(exists(page, '.tx-staff-follow-ups__select')).toBe(false);
  });

  test('a failure of either list shows its sentence, and 重试 reads both again', async () => {
    functions.answer({ 'staff.followUps': ({ status }) => (status === 'closed' ? refused('UNAVAILABLE') : ok({ followUps: [] })) });
    const page = await openLoaded(pageId);
    expect(textOf(find(page, '#state'))).toContain('网络不可用，请稍后重试');

    functions.answer({ 'staff.followUps': ok({ followUps: [] }) });
    await tap(page, '#state >>> .tx-state-view__retry');
    expect(functions.sent('staff.followUps')).toHaveLength(4);
  });
});
