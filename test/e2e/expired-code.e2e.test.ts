import { readConfig } from '../../cloudfunctions/shared/config';
import { ONLINE_SKEW_SECONDS } from '../../cloudfunctions/shared/domain/verdict';
import { scanAsGuard, screenshotCode } from '../support/guard';
import { usePreview } from '../support/preview';

/**
 * A screenshot kept until its code has expired. Its own file: it moves the clock of this test process, which is
 * the clock of the built functions the preview calls (they run here and read `new Date()`), and of no other test.
 */
const preview = usePreview();

/** Every timer stays real; only Date is faked, running on from wherever setSystemTime puts it. */
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame',
  'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout',
  'clearTimeout'] as const;

afterEach(() => {
  jest.useRealTimers();
});

test("a screenshot of a code, scanned after the code has expired, shows 已过期 to the guard", async () => {
  const app = preview();
  const { top } = app;
  // The demo's 王小明 is green: only the code's age can refuse him.
  await app.openAs('o-demo-resident-1');
  await top.getByRole('button', { name: '我的通行码' }).tap();
  const screenshot = await screenshotCode(app);

  // Later than the code's lifetime plus the skew the server allows, by a minute: the server's clock, not a wait.
  const lateBy = (readConfig().codeLifetimeSeconds() + ONLINE_SKEW_SECONDS + 60) * 1000;
  jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], advanceTimers: true, now: Date.now() + lateBy });
  await scanAsGuard(app, screenshot);
  await top.getByText('已过期', { exact: true }).waitFor();
  expect(await top.getByText('请对方刷新通行码后重新出示（截图无效）').isVisible()).toBe(true);
});
