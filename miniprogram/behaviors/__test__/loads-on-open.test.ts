import * as simulate from 'miniprogram-simulate';
import { loadsOnOpen } from '../loads-on-open';
import { deferred } from '../../test-support/wx-cloud';

/** A fixture page using the behavior, its load driven by the test. */
function mountLoader(load: jest.Mock<Promise<void>, []>) {
  const page = simulate.render(
    simulate.load({
      template: '<view class="status">{{status}}</view><view class="message">{{errorMessage}}</view>',
      behaviors: [loadsOnOpen],
      methods: { load },
    }),
  );
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

describe('loadsOnOpen', () => {
  test('starts in the loading state and loads once on opening', () => {
    const load = jest.fn(() => deferred<void>().promise);

    const page = mountLoader(load);

    expect(page.data.status).toBe('loading');
    expect(load).toHaveBeenCalledTimes(1);
  });

  test('showFailure puts the failure’s message in the error state', () => {
    const page = mountLoader(jest.fn(() => Promise.resolve()));

    page.instance.showFailure({ ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后重试' });

    expect(page.data).toMatchObject({ status: 'error', errorMessage: '系统繁忙，请稍后重试' });
  });

  test('重试 loads again only from the error state', () => {
    const load = jest.fn(() => Promise.resolve());
    const page = mountLoader(load);

    page.instance.onRetry();
    expect(load).toHaveBeenCalledTimes(1);

    page.instance.showFailure({ ok: false, code: 'UNAVAILABLE', message: '网络不可用，请稍后重试' });
    page.instance.onRetry();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
