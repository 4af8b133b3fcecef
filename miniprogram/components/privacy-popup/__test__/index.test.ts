import { exists, find, loadComponent, mountHost, settle, tap, textOf, type Rendered } from '../../../test-support/simulate';
import type { PrivacyListener, PrivacyResolve } from '../index';

/** The agree button's WXML id, which the component hands WeChat as buttonId (importing index.ts would register it twice). */
const AGREE_BUTTON_ID = 'tx-privacy-agree';

/** wx as this test reshapes it: WeChat's privacy APIs, which miniprogram-simulate (and the browser preview) lack. */
const scope = wx as unknown as {
  onNeedPrivacyAuthorization?: jest.Mock<void, [PrivacyListener]>;
  openPrivacyContract?: jest.Mock<void, [WechatMiniprogram.OpenPrivacyContractOption]>;
};

let popupId: string;

beforeAll(() => {
  popupId = loadComponent('components/privacy-popup/index', 'tx-privacy-popup');
});

afterEach(() => {
  delete scope.onNeedPrivacyAuthorization;
  delete scope.openPrivacyContract;
  jest.restoreAllMocks();
});

/** What j-component offers and its typings lack: WeChat's page lifetimes, and taking the page away. */
type Lifecycle = { triggerPageLifeTime(name: string): void; detach(): void };
const lifecycle = (page: Rendered) => page as unknown as Lifecycle;

/** A page that uses the popup, as the appeal page does. */
function mountPage(): Rendered {
  return mountHost({ template: '<view class="page"><tx-privacy-popup id="privacy" /></view>', usingComponents: { 'tx-privacy-popup': popupId } });
}

/** Installs WeChat's listener registry: `ask` does what WeChat does when a held privacy API needs the person's agreement. */
function privacyApi() {
  const registered = jest.fn<void, [PrivacyListener]>();
  scope.onNeedPrivacyAuthorization = registered;
  return {
    registered,
    async ask(referrer = 'chooseMedia'): Promise<jest.Mock<void, Parameters<PrivacyResolve>>> {
      const resolve = jest.fn<void, Parameters<PrivacyResolve>>();
      const listener = registered.mock.calls.at(-1)?.[0];
      if (!listener) throw new Error('no listener registered');
      listener(resolve, { referrer });
      await settle();
      return resolve;
    },
  };
}

describe('tx-privacy-popup', () => {
  test('registers with WeChat when attached, and shows nothing until WeChat asks', () => {
    const api = privacyApi();
    const page = mountPage();

    expect(api.registered).toHaveBeenCalledTimes(1);
    expect(exists(page, '#privacy >>> .tx-privacy-popup')).toBe(false);
  });

  test('when WeChat holds a privacy API, asks with the guide, 同意 and 不同意, and reports the popup as shown', async () => {
    const api = privacyApi();
    const page = mountPage();

    const resolve = await api.ask('chooseMedia');

    const popup = find(page, '#privacy >>> .tx-privacy-popup');
    expect(textOf(popup)).toContain('请先阅读并同意《隐私保护指引》');
    expect(textOf(popup)).toContain('使用「选择照片」功能前');
    expect(textOf(find(page, '#privacy >>> .tx-privacy-popup__contract'))).toBe('查看《隐私保护指引》');
    const agree = find(page, `#privacy >>> #${AGREE_BUTTON_ID}`);
    expect(agree.data.openType).toBe('agreePrivacyAuthorization');
    expect(textOf(agree)).toBe('同意');
    expect(textOf(find(page, '#privacy >>> .tx-privacy-popup__disagree'))).toBe('不同意');
    expect(resolve.mock.calls).toEqual([[{ event: 'exposureAuthorization' }]]);
  });

  test('同意 resolves the held authorisation with the agree button id, and the popup closes', async () => {
    const api = privacyApi();
    const page = mountPage();
    const resolve = await api.ask();

    // What WeChat fires once it has recorded the tap on the open-type="agreePrivacyAuthorization" button.
    find(page, `#privacy >>> #${AGREE_BUTTON_ID}`).dispatchEvent('agreeprivacyauthorization');
    await settle();

    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: AGREE_BUTTON_ID });
    expect(exists(page, '#privacy >>> .tx-privacy-popup')).toBe(false);
  });

  test('不同意 resolves it as refused, and the popup closes', async () => {
    const api = privacyApi();
    const page = mountPage();
    const resolve = await api.ask();

    await tap(page, '#privacy >>> .tx-privacy-popup__disagree');

    expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' });
    expect(exists(page, '#privacy >>> .tx-privacy-popup')).toBe(false);
  });

  test('two calls held before the person answers are both answered, once each', async () => {
    const api = privacyApi();
    const page = mountPage();
    const first = await api.ask('setClipboardData');
    const second = await api.ask('setClipboardData');
    expect(textOf(find(page, '#privacy >>> .tx-privacy-popup'))).toContain('使用「复制」功能前');

    find(page, `#privacy >>> #${AGREE_BUTTON_ID}`).dispatchEvent('agreeprivacyauthorization');
    await settle();

    for (const resolve of [first, second]) expect(resolve.mock.calls).toEqual([[{ event: 'exposureAuthorization' }], [{ event: 'agree', buttonId: AGREE_BUTTON_ID }]]);
  });

  test('registers again when its page shows again: WeChat keeps only the last listener, which another page may have set', () => {
    const api = privacyApi();
    const page = mountPage();

    lifecycle(page).triggerPageLifeTime('show');

    expect(api.registered).toHaveBeenCalledTimes(2);
  });

  test('a page closed while asking refuses what it held, so the call does not wait for ever', async () => {
    const api = privacyApi();
    const page = mountPage();
    const resolve = await api.ask();

    lifecycle(page).detach();

    expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' });
  });

  test('查看《隐私保护指引》 opens the guide WeChat keeps; where it cannot, our own page', async () => {
    const api = privacyApi();
    const navigate = jest.spyOn(wx, 'navigateTo');
    scope.openPrivacyContract = jest.fn();
    const page = mountPage();
    await api.ask();

    await tap(page, '#privacy >>> .tx-privacy-popup__contract');
    expect(scope.openPrivacyContract).toHaveBeenCalledTimes(1);
    expect(navigate).not.toHaveBeenCalled();

    scope.openPrivacyContract.mock.calls[0][0].fail?.({ errMsg: 'openPrivacyContract:fail' });
    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/privacy/index' }));
    // Still asking: reading the guide is no answer.
    expect(exists(page, '#privacy >>> .tx-privacy-popup')).toBe(true);
  });

  test('without openPrivacyContract, 查看《隐私保护指引》 opens our own page', async () => {
    const api = privacyApi();
    const navigate = jest.spyOn(wx, 'navigateTo');
    const page = mountPage();
    await api.ask();

    await tap(page, '#privacy >>> .tx-privacy-popup__contract');

    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/privacy/index' }));
  });

  test('without the privacy APIs (an old base library, the browser preview) it mounts, shows nothing and throws nothing', () => {
    const page = mountPage();

    expect(() => lifecycle(page).triggerPageLifeTime('show')).not.toThrow();
    expect(exists(page, '#privacy >>> .tx-privacy-popup')).toBe(false);
    expect(() => lifecycle(page).detach()).not.toThrow();
  });
});
