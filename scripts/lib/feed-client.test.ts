import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticateFeedRequest, FEED_HEADERS, type FeedPartner } from '../../cloudfunctions/shared/domain/feed-auth';
import { endpointOf, FeedCallError, httpFeedClient, secretFromSecretsFile } from './feed-client';

const partner: FeedPartner = { keyId: 'travel-demo', sources: ['travel'], secret: randomBytes(32) };
const RECORDS = [{ recordId: 'T-1' }, { recordId: 'T-2' }];
const ACCEPTED = { ok: true, data: { results: [0, 1].map((index) => ({ index, recordId: `T-${index + 1}`, outcome: 'accepted' })), summary: {} } };

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the HTTP access service: each request is answered by the next of `answers`. */
async function serve(answers: Array<'drop' | { status: number; body: unknown }>): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers[received.length - 1] ?? 'drop';
      if (answer === 'drop') req.socket.destroy();
      else res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/http`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function pushTo(answers: Parameters<typeof serve>[0]) {
  const server = await serve(answers);
  try {
    const client = httpFeedClient({ url: server.url, path: '/feed/records', keyId: partner.keyId, secret: partner.secret });
    const outcome = await client.push('travel', RECORDS).catch((error: unknown) => error);
    return { outcome, received: server.received };
  } finally {
    await server.close();
  }
}

/** What the feed function would decide about a received request, with the path it sees. */
function verdict({ headers, body }: Received) {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
  return authenticateFeedRequest({ method: 'POST', path: '/feed/records', headers: lower, body }, new Map([[partner.keyId, partner]]), Math.floor(Date.now() / 1000));
}

describe('httpFeedClient', () => {
  test('posts the batch under the service address, signed over the route the function sees', async () => {
    const { outcome, received } = await pushTo([{ status: 200, body: ACCEPTED }]);
    expect(outcome).toEqual(ACCEPTED.data.results);
    expect(received).toHaveLength(1);
    expect(received[0].path).toBe('/http/feed/records');
    expect(JSON.parse(received[0].body)).toEqual({ source: 'travel', records: RECORDS });
    expect(verdict(received[0])).toMatchObject({ ok: true, partner: { keyId: 'travel-demo' } });
  });

  test('a dropped connection or a server failure is retried once, with a fresh nonce that signs again', async () => {
    for (const failure of ['drop', { status: 502, body: { code: 'FUNCTION_ERROR', message: 'boom' } }] as const) {
      const { outcome, received } = await pushTo([failure, { status: 200, body: ACCEPTED }]);
      expect(outcome).toEqual(ACCEPTED.data.results);
      expect(received).toHaveLength(2);
      expect(received[0].headers[FEED_HEADERS.nonce]).not.toBe(received[1].headers[FEED_HEADERS.nonce]);
      expect(received.map(verdict).map((result) => result.ok)).toEqual([true, true]);
    }
  });

  test('two failures in a row: UNAVAILABLE, saying it retried', async () => {
    const { outcome, received } = await pushTo(['drop', 'drop']);
    expect(received).toHaveLength(2);
    expect(outcome).toBeInstanceOf(FeedCallError);
    expect(outcome).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('重试一次后仍失败') });
  });

  test('a refusal is not retried: its code and message, any ID number in it masked', async () => {
    const refusal = { ok: false, code: 'UNAUTHENTICATED', message: 'timestamp is -400 s from the server clock; about 310101190001010011' };
    const { outcome, received } = await pushTo([{ status: 401, body: refusal }]);
    expect(received).toHaveLength(1);
    expect(outcome).toMatchObject({ code: 'UNAUTHENTICATED', message: 'timestamp is -400 s from the server clock; about 3101**********0011' });
  });

  test.each([
    ['a server without the route', { status: 404, body: { code: 'NOT_FOUND', message: 'no route for POST /feed/records' } }, 'HTTP_404', '请检查 --url 与 --path'],
    ['an answer that is not the function’s', { status: 200, body: '<html>' }, 'HTTP_200', '无法识别的答复'],
    ['results that do not match the batch', { status: 200, body: { ok: true, data: { results: ACCEPTED.data.results.slice(1) } } }, 'INTERNAL', '结果对不上'],
  ])('%s: a FeedCallError saying so', async (_label, answer, code, message) => {
    const { outcome } = await pushTo([answer]);
    expect(outcome).toMatchObject({ code, message: expect.stringContaining(message) });
  });
});

test('endpointOf: the service address and the route, with or without a trailing slash', () => {
  expect(endpointOf('http://127.0.0.1:8787/http', '/feed/records')).toBe('http://127.0.0.1:8787/http/feed/records');
  expect(endpointOf('https://env-1.service.tcloudbase.com/', '/feed/records')).toBe('https://env-1.service.tcloudbase.com/feed/records');
});

describe('secretFromSecretsFile', () => {
  const secret = randomBytes(32);
  const file = `# generated\nID_HASH_KEY=abc\nFEED_PARTNERS=${JSON.stringify([{ keyId: 'travel-demo', sources: ['travel'], secret: secret.toString('base64') }])}\n`;

  test('the secret of the key id from the FEED_PARTNERS line', () => {
    expect(secretFromSecretsFile(file, 'travel-demo').equals(secret)).toBe(true);
  });

  test.each([
    ['a file without the line', 'ID_HASH_KEY=abc\n', 'travel-demo', '没有 FEED_PARTNERS 这一行'],
    ['a key id it does not hold', file, 'police-x', 'FEED_PARTNERS 中没有密钥编号 police-x'],
    ['a line that is no JSON', `FEED_PARTNERS=[{"secret":"${secret.toString('base64')}"`, 'travel-demo', 'FEED_PARTNERS is not valid JSON'],
  ])('%s: an error that names no secret', (_label, text, keyId, message) => {
    expect(() => secretFromSecretsFile(text, keyId)).toThrow(message);
    expect(() => secretFromSecretsFile(text, keyId)).not.toThrow(secret.toString('base64'));
  });
});
