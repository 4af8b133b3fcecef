import { exists, loadComponent, mountHost, settle, textOf } from '../../../test-support/simulate';

let badgeId: string;

beforeAll(() => {
  badgeId = loadComponent('components/colour-badge/index', 'tx-colour-badge');
});

function mountBadge(colour: string, size = 'normal') {
  return mountHost({
    template: '<tx-colour-badge id="badge" colour="{{colour}}" size="{{size}}" />',
    usingComponents: { 'tx-colour-badge': badgeId },
    data: { colour, size },
  });
}

describe('tx-colour-badge', () => {
  test.each([
    ['green', '绿码'],
    ['yellow', '黄码'],
    ['red', '红码'],
  ])('names %s as %s and takes its colour', (colour, word) => {
    const host = mountBadge(colour);

    expect(textOf(host)).toBe(word);
    expect(exists(host, `#badge >>> .tx-colour-badge--${colour}`)).toBe(true);
  });

  test('follows the colour the host sets', async () => {
    const host = mountBadge('yellow');

    host.setData({ colour: 'green' });
    await settle();

    expect(textOf(host)).toBe('绿码');
  });

  test('shows no word for a colour it does not know rather than a wrong one', () => {
    expect(textOf(mountBadge('purple'))).toBe('');
  });

  test('takes the large size for the pass itself', () => {
    expect(exists(mountBadge('red', 'large'), '#badge >>> .tx-colour-badge--large')).toBe(true);
  });
});
