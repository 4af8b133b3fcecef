import { SERVER_TIME } from '../../../test-support/fixtures';
import { find, loadComponent, mountHost, settle, tap, textOf } from '../../../test-support/simulate';

let codeId: string;

beforeAll(() => {
  codeId = loadComponent('components/one-time-code/index', 'tx-one-time-code');
});

function mountCode() {
  return mountHost({
    template: `
      <tx-one-time-code id="code" code="{{code}}" expires-at="{{expiresAt}}">
        <text class="instructions">请告诉社区工作人员</text>
      </tx-one-time-code>`,
    usingComponents: { 'tx-one-time-code': codeId },
    data: { code: 'ABCD2345', expiresAt: SERVER_TIME },
  });
}

afterEach(() => jest.restoreAllMocks());

describe('tx-one-time-code', () => {
  test('shows the code in groups of four, its expiry in Beijing time and the instructions', () => {
    const host = mountCode();

    expect(textOf(find(host, '#code >>> .tx-one-time-code__code'))).toBe('ABCD 2345');
    expect(textOf(host)).toContain('有效期至 2025年3月1日 14:05:09（北京时间），只能使用一次');
    expect(textOf(host)).toContain('请告诉社区工作人员');
  });

  test('复制 puts the code, without the grouping space, on the clipboard', async () => {
    const copy = jest.spyOn(wx, 'setClipboardData');
    const host = mountCode();

    tap(host, '#code >>> .tx-one-time-code__copy');
    await settle();

    expect(copy).toHaveBeenCalledWith(expect.objectContaining({ data: 'ABCD2345' }));
  });

  test('follows a new code', async () => {
    const host = mountCode();

    host.setData({ code: 'WXYZ6789' });
    await settle();

    expect(textOf(find(host, '#code >>> .tx-one-time-code__code'))).toBe('WXYZ 6789');
  });
});
