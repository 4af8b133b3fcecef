import type { PassView } from '../../../typings/contract';
import { describePass, describeStaffPass } from '../pass-display';
import { aPass, aStaffPass } from '../../test-support/fixtures';

describe('describePass', () => {
  test('says the colour in words with what it asks, the reasons, and times in Beijing time', () => {
    const pass: PassView = aPass({
      colour: 'yellow',
      reasons: [{ code: 'KEY_AREA_ARRIVAL', zh: '重点地区来沪未满14天', en: 'Arrived from a key area' }],
      colourSince: Date.UTC(2025, 2, 1, 6, 5, 9),
      nextChangeAt: Date.UTC(2025, 2, 15, 6, 5, 9),
    });

    expect(describePass(pass)).toMatchObject({
      colourWord: '黄码',
      colourHint: '建议观察',
      reasons: ['重点地区来沪未满14天'],
      colourSince: '2025年3月1日 14:05:09',
      nextChange: '2025年3月15日 14:05:09',
    });
  });

  test.each([
    ['green', '绿码', '可以通行'],
    ['red', '红码', '建议隔离'],
  ] as const)('words %s as %s, %s', (colour, word, hint) => {
    expect(describePass(aPass({ colour }))).toMatchObject({ colourWord: word, colourHint: hint });
  });

  test('leaves the next change empty when the colour does not change by time alone', () => {
    expect(describePass(aPass({ nextChangeAt: null })).nextChange).toBe('');
  });

  test('an active pass applied for by its holder', () => {
    expect(describePass(aPass({ status: 'active', origin: 'self', issuedAt: Date.UTC(2025, 1, 28, 16, 30) }))).toMatchObject({
      statusWord: '有效',
      active: true,
      originWord: '本人申领',
      issuedLabel: '办理日期',
      issuedOn: '2025年3月1日',
    });
  });

  test('a cancelled pass issued by the community office', () => {
    expect(describePass(aPass({ status: 'cancelled', origin: 'staff' }))).toMatchObject({
      statusWord: '已注销',
      active: false,
      originWord: '社区办理',
    });
  });

  test('a migrated pass keeps and names the original issue date', () => {
    expect(describePass(aPass({ origin: 'migrated', issuedAt: Date.UTC(2020, 1, 10, 2) }))).toMatchObject({
      originWord: '迁移自原通行证',
      issuedLabel: '原通行证办理日期',
      issuedOn: '2020年2月10日',
    });
  });
});

describe('describeStaffPass', () => {
  test('a printed pass: its current card, no account', () => {
    const pass = aStaffPass({ card: { serial: 3, printedAt: Date.UTC(2025, 2, 1, 6) }, accountMasked: null, legacyNumber: null });

    expect(describeStaffPass(pass)).toEqual({ card: '第 3 张，2025年3月1日 打印', account: '未绑定微信（纸质通行证）', legacyNumber: '' });
  });

  test('a pass on an account, imported from an old system, without a card', () => {
    const pass = aStaffPass({ card: null, accountMasked: 'oAbc****wxyz', legacyNumber: 'NH-000123' });

    expect(describeStaffPass(pass)).toEqual({ card: '无纸质卡片', account: '已绑定 oAbc****wxyz', legacyNumber: 'NH-000123' });
  });
});
