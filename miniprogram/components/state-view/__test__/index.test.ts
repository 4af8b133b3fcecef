import * as path from 'path';
import * as simulate from 'miniprogram-simulate';

const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../..');

/** A fixture host, as a page would use the component: status and message bound, retry recorded. */
function mountHost(data: { status: string; message: string }) {
  const onRetry = jest.fn();
  const host = simulate.render(
    simulate.load({
      template: `
        <tx-state-view id="state" status="{{status}}" message="{{message}}" bind:retry="onRetry">
          <text class="content">已加载的内容</text>
        </tx-state-view>`,
      usingComponents: { 'tx-state-view': stateViewId },
      data,
      methods: { onRetry },
    }),
  );
  host.attach(document.createElement('parent-wrapper'));
  return { host, onRetry };
}

let stateViewId: string;

beforeAll(() => {
  // Loaded once per file: miniprogram-simulate cannot load the same path twice in one module registry.
  stateViewId = simulate.load(path.join(MINIPROGRAM_ROOT, 'components/state-view/index'), 'tx-state-view', {
    rootPath: MINIPROGRAM_ROOT,
  });
});

describe('tx-state-view', () => {
  test('says it is loading and hides the content', () => {
    const { host } = mountHost({ status: 'loading', message: '' });

    expect(host.dom!.textContent).toContain('正在加载');
    expect(host.dom!.textContent).not.toContain('已加载的内容');
  });

  test('shows the message and a 重试 button that asks the host to retry', async () => {
    const { host, onRetry } = mountHost({ status: 'error', message: '网络不可用，请稍后重试' });
    const retry = host.querySelector('#state')!.querySelector('.tx-state-view__retry')!;

    expect(host.dom!.textContent).toContain('网络不可用，请稍后重试');
    expect(retry.dom!.textContent).toBe('重试');
    expect(host.dom!.textContent).not.toContain('已加载的内容');

    retry.dispatchEvent('tap');
    await simulate.sleep(0);

    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  test('shows the content once ready, without loading or error words', () => {
    const { host } = mountHost({ status: 'ready', message: '' });

    expect(host.dom!.textContent).toContain('已加载的内容');
    expect(host.dom!.textContent).not.toContain('正在加载');
    expect(host.querySelector('#state')!.querySelector('.tx-state-view__retry')).toBeUndefined();
  });

  test('follows the status the host sets', async () => {
    const { host } = mountHost({ status: 'loading', message: '' });

    host.setData({ status: 'ready' });
    await simulate.sleep(0);

    expect(host.dom!.textContent).toContain('已加载的内容');
  });
});
