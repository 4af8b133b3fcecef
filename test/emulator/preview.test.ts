import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cloudbase, database } from '../../cloudfunctions/shared/cloudbase';
import { colourChangedNotice } from '../../cloudfunctions/shared/domain/notification';
import { COLLECTIONS, SCHEMA } from '../../cloudfunctions/shared/schema';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { useEmulatorForSdk } from '../../emulator/sdk-env';

/** The preview's routes: its files, and the read-only API its shell and `<image>` use. */
let emulator: RunningEmulator;
let dir: string;
const ACCOUNTS = [
  { openid: 'o-resident', label: '居民' },
  { openid: 'o-staff', label: '社区工作人员' },
];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxing-preview-routes-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>预览</title>');
  emulator = await startEmulator({ port: 0, dataDir: null, schema: SCHEMA, functions: null, preview: { dir, accounts: ACCOUNTS } });
  useEmulatorForSdk(emulator.url);
});
afterAll(async () => {
  await emulator.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function get(pathname: string): Promise<Response> {
  return fetch(`${emulator.url}${pathname}`, { redirect: 'manual' });
}

test('serves the built preview under /preview/; a file it does not have is a 404', async () => {
  expect((await get('/preview')).headers.get('location')).toBe('/preview/');
  const index = await get('/preview/');
  expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(await index.text()).toContain('预览');
  expect((await get('/preview/phone.js')).status).toBe(404);
  expect((await fetch(`${emulator.url}/preview/`, { method: 'POST' })).status).toBe(405);
});

test('lists the identities to choose from', async () => {
  expect(await (await get('/preview/api/accounts')).json()).toEqual({ accounts: ACCOUNTS });
});

test("lists one account's notifications, newest first", async () => {
  const notices = database().collection(COLLECTIONS.notifications);
  await notices.add(colourChangedNotice('o-resident', null, 'green', '首次申领', new Date('2026-03-01T08:00:00Z')));
  await notices.add(colourChangedNotice('o-resident', 'green', 'yellow', '重点地区来沪未满14天', new Date('2026-03-02T08:00:00Z')));
  await notices.add(colourChangedNotice('o-staff', null, 'green', '首次申领', new Date('2026-03-03T08:00:00Z')));

  const { notifications } = (await (await get('/preview/api/notifications?openid=o-resident')).json()) as { notifications: Array<{ title: string; createdAt: number }> };
  expect(notifications.map((notice) => notice.title)).toEqual(['通行码由绿码变为黄码', '通行码为绿码']);
  expect(notifications[0]?.createdAt).toBe(Date.parse('2026-03-02T08:00:00Z'));
  expect((await get('/preview/api/notifications')).status).toBe(400);
});

test('redirects a cloud:// file id to the stored file, for <image src="cloud://…">', async () => {
  const { fileID } = await cloudbase().uploadFile({ cloudPath: 'photos/person/face.png', fileContent: Buffer.from('picture') });
  const redirect = await get(`/preview/api/file?id=${encodeURIComponent(fileID)}`);
  expect(redirect.status).toBe(302);
  expect(await (await fetch(redirect.headers.get('location') as string)).text()).toBe('picture');

  const unknown = fileID.replace('face.png', 'nobody.png');
  expect((await get(`/preview/api/file?id=${encodeURIComponent(unknown)}`)).status).toBe(404);
});
