import fs from 'node:fs';
import path from 'node:path';
import { database } from '../../cloudfunctions/shared/cloudbase';
import { MAX_FUNCTION_BODY_BYTES, PAYLOAD_LIMIT_DOC } from '../../cloudfunctions/shared/domain/payload-limits';
import { COLLECTIONS, SCHEMA } from '../../cloudfunctions/shared/schema';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { useEmulatorForSdk } from '../../emulator/sdk-env';
import { readCloudbaserc } from '../../scripts/lib/cloudbaserc';

/** The functions runtime serving the BUILT bundles (`npm run build`), as `npm start` does. */
let emulator: RunningEmulator;
const project = readCloudbaserc();

beforeAll(async () => {
  for (const fn of project.functions) {
    if (!fs.existsSync(path.join(project.buildDir, fn.name, 'index.js'))) throw new Error('run `npm run build` first');
  }
  process.env.ADMIN_OPENIDS = 'o-admin';
  emulator = await startEmulator({ port: 0, dataDir: null, schema: SCHEMA, functions: project });
  useEmulatorForSdk(emulator.url);
});
afterAll(() => emulator.close());

async function post(pathname: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${emulator.url}${pathname}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /functions/<name>', () => {
  test('invokes main with the caller from X-WX-OPENID', async () => {
    const answer = await post('/functions/resident', JSON.stringify({ action: 'session' }), { 'X-WX-OPENID': 'o-admin' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, data: { roles: ['resident', 'admin'] } });
    const serverTime = (answer.body.data as { serverTime: number }).serverTime;
    expect(Math.abs(serverTime - Date.now())).toBeLessThan(5_000);
  });

  test('a call without the header has no WeChat identity', async () => {
    const answer = await post('/functions/resident', JSON.stringify({ action: 'session' }));
    expect(answer.body).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  test('a malformed body or an unknown function is answered, not crashed on', async () => {
    expect((await post('/functions/resident', '{not json')).status).toBe(400);
    expect((await post('/functions/nobody', '{}')).status).toBe(404);
    const wrongShape = await post('/functions/resident', '[1,2]', { 'X-WX-OPENID': 'o-r' });
    expect(wrongShape.body).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
  });
});

describe('HTTP access /http/<name>/...', () => {
  test('routes to the function with the HTTP access event and returns its response', async () => {
    const response = await fetch(`${emulator.url}/http/feed/status?x=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ ok: true, data: { serverTime: expect.any(Number) } });
  });

  test('an unknown route answers the function status code and a typed error', async () => {
    const response = await fetch(`${emulator.url}/http/feed/nothing-here`, { method: 'PUT', body: 'x' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });
});

describe('HTTP access: the request body limit (EXCEED_MAX_PAYLOAD_SIZE)', () => {
  /** A PUT to a route the feed function does not have: reaching the function answers its 404 UNKNOWN_ACTION. */
  async function put(bytes: number, contentType: string) {
    const response = await fetch(`${emulator.url}/http/feed/nothing-here`, { method: 'PUT', body: Buffer.alloc(bytes, 'a'), headers: { 'content-type': contentType } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const reachedTheFunction = { status: 404, body: expect.objectContaining({ ok: false, code: 'UNKNOWN_ACTION' }) };
  const refused = (limit: number, kind: 'text' | 'other') => ({
    status: 413,
    body: {
      code: 'EXCEED_MAX_PAYLOAD_SIZE',
      message: `request body of ${limit + 1} bytes exceeds the limit of ${limit} bytes for ${kind} types (${PAYLOAD_LIMIT_DOC})`,
      requestId: expect.any(String),
    },
  });

  test('the limits are those CloudBase documents, read conservatively', () => {
    expect(MAX_FUNCTION_BODY_BYTES).toEqual({ text: 100_000, other: 6_000_000 });
  });

  test.each(['application/json', 'application/json; charset=utf-8', 'text/plain', 'TEXT/CSV', 'application/x-www-form-urlencoded', 'application/xml', 'application/vnd.partner+json'])(
    'a text body (%s): 100 KB reaches the function, one byte more is refused with 413 before it runs',
    async (contentType) => {
      expect(await put(MAX_FUNCTION_BODY_BYTES.text, contentType)).toEqual(reachedTheFunction);
      expect(await put(MAX_FUNCTION_BODY_BYTES.text + 1, contentType)).toEqual(refused(MAX_FUNCTION_BODY_BYTES.text, 'text'));
    },
  );

  test.each(['application/octet-stream', 'image/jpeg', 'multipart/form-data; boundary=text-json'])('any other body (%s): up to 6 MB reaches the function, more is refused', async (contentType) => {
    expect(await put(MAX_FUNCTION_BODY_BYTES.text + 1, contentType)).toEqual(reachedTheFunction);
    expect(await put(MAX_FUNCTION_BODY_BYTES.other, contentType)).toEqual(reachedTheFunction);
    expect(await put(MAX_FUNCTION_BODY_BYTES.other + 1, contentType)).toEqual(refused(MAX_FUNCTION_BODY_BYTES.other, 'other'));
  });

  test('a refused request leaves the connection usable for the next', async () => {
    expect((await put(MAX_FUNCTION_BODY_BYTES.text + 1, 'application/json')).status).toBe(413);
    const response = await fetch(`${emulator.url}/http/feed/status`);
    expect(response.status).toBe(200);
  });
});

describe('timer triggers', () => {
  test('firing cron/sweep by hand runs it with the timer context', async () => {
    const answer = await post('/timers/cron/sweep', '');
    expect(answer.body).toMatchObject({ ok: true, data: { ranAt: expect.any(Number) } });
    const { data } = await database().collection(COLLECTIONS.meta).doc('timer:sweep').get();
    expect((data[0] as { lastRunAt: Date }).lastRunAt).toBeInstanceOf(Date);
  });

  test('the timer function refuses a mini-program caller, and unknown triggers are refused', async () => {
    const fromWeChat = await post('/functions/cron', JSON.stringify({ Type: 'Timer', TriggerName: 'sweep' }), { 'X-WX-OPENID': 'o-admin' });
    expect(fromWeChat.body).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await post('/timers/cron/nightly', '')).status).toBe(404);
  });

  test('every trigger in cloudbaserc.json has a schedule croner accepts', () => {
    const schedules: string[] = [];
    emulator.runtime?.startTimers(() => undefined);
    for (const fn of project.functions) for (const trigger of fn.triggers) schedules.push(trigger.config);
    expect(schedules.length).toBeGreaterThan(0);
    emulator.runtime?.close();
  });
});
