import type { PassView } from '../../../../typings/contract';
import { aPass } from '../../../test-support/fixtures';
import { exists, find, loadComponent, mountHost, settle, textOf } from '../../../test-support/simulate';

let cardId: string;

beforeAll(() => {
  cardId = loadComponent('components/pass-card/index', 'tx-pass-card');
});

function mountCard(pass: PassView | null, familyLabel = '') {
  return mountHost({
    template: '<tx-pass-card id="card" pass="{{pass}}" family-label="{{familyLabel}}" />',
    usingComponents: { 'tx-pass-card': cardId },
    data: { pass, familyLabel },
  });
}

describe('tx-pass-card', () => {
  test('shows the masked name and ID number, the colour in words inside a frame of that colour', () => {
    const host = mountCard(aPass({ colour: 'green' }));

    expect(textOf(find(host, '#card >>> .tx-pass-card__name'))).toBe('张*三');
    expect(textOf(find(host, '#card >>> .tx-pass-card__id'))).toBe('1101**********002X');
    expect(textOf(host)).toContain('绿码');
    expect(textOf(host)).toContain('可以通行');
    expect(exists(host, '#card >>> .tx-pass-card--green')).toBe(true);
  });

  test('shows the photo on file', () => {
    const host = mountCard(aPass({ photoUrl: 'https://tmp.example/photo.jpg' }));

    expect(find(host, '#card >>> .tx-pass-card__photo').data.src).toBe('https://tmp.example/photo.jpg');
    expect(textOf(host)).not.toContain('暂无照片');
  });

  test('shows a neutral placeholder when there is no photo', () => {
    const host = mountCard(aPass({ photoUrl: null }));

    expect(textOf(find(host, '#card >>> .tx-pass-card__photo--none'))).toBe('暂无照片');
  });

  test('lists the reasons for the colour, since when, and when it changes by itself', () => {
    const host = mountCard(
      aPass({
        colour: 'yellow',
        reasons: [{ code: 'KEY_AREA_ARRIVAL', zh: '重点地区来沪未满14天', en: 'Arrived from a key area' }],
        colourSince: Date.UTC(2025, 2, 1, 6, 5, 9),
        nextChangeAt: Date.UTC(2025, 2, 15, 6, 5, 9),
      }),
    );

    expect(textOf(host)).toContain('黄码');
    expect(textOf(find(host, '#card >>> .tx-pass-card__reason'))).toBe('重点地区来沪未满14天');
    expect(textOf(find(host, '#card >>> .tx-pass-card__since'))).toBe('2025年3月1日 14:05:09');
    expect(textOf(find(host, '#card >>> .tx-pass-card__next-change'))).toBe('2025年3月15日 14:05:09 起自动更新颜色');
  });

  test('says nothing about a change when the colour does not change by time', () => {
    const host = mountCard(aPass({ nextChangeAt: null }));

    expect(exists(host, '#card >>> .tx-pass-card__next-change')).toBe(false);
    expect(exists(host, '#card >>> .tx-pass-card__reasons')).toBe(false);
  });

  test('a valid pass says 有效 and where it came from', () => {
    const host = mountCard(aPass({ status: 'active', origin: 'self' }));

    expect(textOf(find(host, '#card >>> .tx-pass-card__status'))).toBe('有效');
    expect(textOf(find(host, '#card >>> .tx-pass-card__origin'))).toBe('本人申领');
    expect(textOf(host)).not.toContain('已注销');
  });

  test('a migrated pass says so and keeps the original issue date', () => {
    const host = mountCard(aPass({ origin: 'migrated', issuedAt: Date.UTC(2020, 1, 10, 2) }));

    expect(textOf(find(host, '#card >>> .tx-pass-card__origin'))).toBe('迁移自原通行证');
    expect(textOf(host)).toContain('原通行证办理日期');
    expect(textOf(find(host, '#card >>> .tx-pass-card__issued'))).toBe('2020年2月10日');
  });

  test('a cancelled pass says 已注销, loses its colour frame and says it cannot be used', () => {
    const host = mountCard(aPass({ status: 'cancelled', colour: 'green' }));

    expect(textOf(find(host, '#card >>> .tx-pass-card__status'))).toBe('已注销');
    expect(exists(host, '#card >>> .tx-pass-card--cancelled')).toBe(true);
    expect(textOf(host)).toContain('此通行证已注销，不能用于通行');
  });

  test("a family member's pass carries a band with the relation and the owner's masked name", () => {
    const host = mountCard(aPass({ nameMasked: '李*芳' }), '妈妈');

    expect(textOf(find(host, '#card >>> .tx-pass-card__family'))).toBe('代家人出示 · 妈妈（李*芳）');
    expect(exists(host, '#card >>> .tx-pass-card--family')).toBe(true);
  });

  test('the holder’s own pass has no family band', () => {
    expect(exists(mountCard(aPass()), '#card >>> .tx-pass-card__family')).toBe(false);
  });

  test('shows nothing until it has a pass, then follows it', async () => {
    const host = mountCard(null);
    expect(textOf(host)).toBe('');

    host.setData({ pass: aPass({ colour: 'red' }) });
    await settle();

    expect(textOf(host)).toContain('红码');
  });
});
