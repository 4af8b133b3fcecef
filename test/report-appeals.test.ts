import type { RunningEmulator } from '../emulator/server';
import { LOCAL_ENV_ID } from '../emulator/sdk-env';
import { runScript } from './support/command';
import { startTestEmulator } from './support/emulator';

/**
 * `npm run report:appeals -- --env <envId>`: the dashboard's code in the command's own process, on the
 * environment's database through @cloudbase/node-sdk, which the command's inherited SDK environment points at
 * the emulator (emulator/sdk-env.ts). The local mode (--url) goes through the staff function like the other
 * commands; formatServiceLevels is tested in scripts/report-appeals.test.ts.
 */
jest.setTimeout(30_000);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator?.close());

const report = (args: string[], env: NodeJS.ProcessEnv = process.env) => runScript('scripts/report-appeals.ts', args, env);

test('reads a deployed environment with the CAM key from the environment', async () => {
  const run = await report(['--env', LOCAL_ENV_ID, '--days', '7']);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const lines = run.stdout.split('\n');
  expect(lines[0]).toMatch(/^申诉服务水平：近 7 天（截至 \d{4}-\d{2}-\d{2}，全部辖区）$/);
  expect(lines[1]).toBe('状态：待受理 0 · 处理中 0 · 待补充材料 0 · 待审批 0 · 已通过 0 · 未通过 0 · 已撤回 0');
  expect(lines).toContain('首次响应时间（0 件）');
});

test('without credentials: exit 2 saying which variables, before the SDK is started', async () => {
  const run = await report(['--env', LOCAL_ENV_ID], { ...process.env, TENCENTCLOUD_SECRETKEY: '' });
  expect(run).toMatchObject({ code: 2, stdout: '' });
  expect(run.stderr).toMatch(/^未提供腾讯云 API 密钥：请先设置环境变量 TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY/);
});

test('a deployed environment and the local runtime at once: a usage error', async () => {
  const run = await report(['--env', LOCAL_ENV_ID, '--url', 'http://127.0.0.1:8787']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('error: --env 用于已部署的云开发环境，--url 用于本地运行时（npm start），不能同时使用');
});
