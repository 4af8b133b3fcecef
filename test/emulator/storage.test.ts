/**
 * Cloud storage in the local emulator, driven through the unmodified @cloudbase/node-sdk: the SDK asks
 * /admin for upload metadata and signed URLs and then talks HTTP to the URLs it is given.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { SCHEMA } from '../../cloudfunctions/shared/schema';
import { LOCAL_ENV_ID } from '../../emulator/sdk-env';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { openStorage, type EmulatorStorage } from '../../emulator/storage';
import { startTestEmulator } from '../support/emulator';

type App = ReturnType<typeof tcb.init>;

async function fetchBytes(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

async function tempUrl(app: App, fileID: string, maxAge?: number): Promise<string> {
  const { fileList } = await app.getTempFileURL({ fileList: [maxAge === undefined ? fileID : { fileID, maxAge }] });
  expect(fileList[0]).toMatchObject({ fileID, code: 'SUCCESS' });
  return fileList[0]!.tempFileURL;
}

function withSearchParam(url: string, name: string, change: (value: string) => string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, change(parsed.searchParams.get(name) ?? ''));
  return parsed.toString();
}

describe('storage through @cloudbase/node-sdk against the emulator', () => {
  let emulator: RunningEmulator;
  let app: App;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  });
  afterAll(() => emulator.close());

  test('uploadFile of a Buffer answers a CloudBase fileID whose temporary URL serves the same bytes and type', async () => {
    const bytes = randomBytes(64 * 1024);
    const cloudPath = 'photos/a b/证件照.jpg';

    const { fileID } = await app.uploadFile({ cloudPath, fileContent: bytes });
    expect(fileID).toMatch(new RegExp(`^cloud://${LOCAL_ENV_ID}\\.[a-z0-9-]+/photos/a b/证件照\\.jpg$`));

    const url = await tempUrl(app, fileID);
    expect(url.startsWith(`${emulator.url}/storage/download/`)).toBe(true);
    const { status, headers, body } = await fetchBytes(url);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('image/jpeg');
    expect(headers.get('content-length')).toBe(String(bytes.length));
    expect(body.equals(bytes)).toBe(true);
    // The SDK encodes the URL itself before fetching, so this also checks the path is not encoded twice.
    const { fileContent } = await app.downloadFile({ fileID });
    expect(Buffer.from(fileContent as Buffer).equals(bytes)).toBe(true);
  });

  test('uploadFile takes an fs.ReadStream, and getFileInfo reports its size and guessed type', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-stream-'));
    const local = path.join(folder, 'report.csv');
    fs.writeFileSync(local, '姓名,颜色\n张三,green\n');
    try {
      const { fileID } = await app.uploadFile({ cloudPath: 'exports/report.csv', fileContent: fs.createReadStream(local) });

      const { fileContent } = await app.downloadFile({ fileID });
      expect(Buffer.from(fileContent as Buffer).equals(fs.readFileSync(local))).toBe(true);
      const { fileList } = await app.getFileInfo({ fileList: [fileID] });
      expect(fileList[0]).toMatchObject({
        code: 'SUCCESS',
        fileID,
        fileName: 'report.csv',
        contentType: 'text/csv; charset=utf-8',
        mime: 'text/csv',
        size: fs.statSync(local).size,
      });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('uploading to a cloudPath again replaces the file', async () => {
    await app.uploadFile({ cloudPath: 'notes/today.txt', fileContent: Buffer.from('first') });
    const { fileID } = await app.uploadFile({ cloudPath: 'notes/today.txt', fileContent: Buffer.from('second, longer') });

    const { fileContent } = await app.downloadFile({ fileID });
    expect(String(fileContent)).toBe('second, longer');
  });

  test('a "file" and a "folder" of the same name can both exist, as in COS', async () => {
    const { fileID: outer } = await app.uploadFile({ cloudPath: 'flat/a', fileContent: Buffer.from('outer') });
    const { fileID: inner } = await app.uploadFile({ cloudPath: 'flat/a/b', fileContent: Buffer.from('inner') });

    expect(String((await app.downloadFile({ fileID: outer })).fileContent)).toBe('outer');
    expect(String((await app.downloadFile({ fileID: inner })).fileContent)).toBe('inner');
  });

  test('a temporary URL with an altered signature, expiry or path answers 403', async () => {
    const { fileID: secret } = await app.uploadFile({ cloudPath: 'private/secret.txt', fileContent: Buffer.from('secret') });
    await app.uploadFile({ cloudPath: 'private/other.txt', fileContent: Buffer.from('other') });
    const url = await tempUrl(app, secret);
    expect((await fetchBytes(url)).status).toBe(200);

    const flipMiddle = (sign: string): string => sign.slice(0, 10) + (sign[10] === 'A' ? 'B' : 'A') + sign.slice(11);
    const tampered = await fetchBytes(withSearchParam(url, 'sign', flipMiddle));
    expect(tampered.status).toBe(403);
    expect(tampered.body.toString()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(tampered.body.toString()).toContain('signature does not match');

    const extended = await fetchBytes(withSearchParam(url, 'expires', (expires) => String(Number(expires) + 86_400_000)));
    expect(extended.status).toBe(403);

    const otherFile = await fetchBytes(url.replace('secret.txt', 'other.txt'));
    expect(otherFile.status).toBe(403);

    const unsigned = await fetchBytes(url.split('?')[0]!);
    expect(unsigned.status).toBe(403);
    expect(unsigned.body.toString()).toContain('no signature');
  });

  test('an upload URL cannot be used to read, and takes only PUT', async () => {
    const { data } = await app.getUploadMetadata({ cloudPath: 'private/upload-only.txt' });
    expect(data.url.startsWith(`${emulator.url}/storage/upload/`)).toBe(true);

    expect((await fetchBytes(data.url)).status).toBe(405);
    expect((await fetchBytes(data.url, { method: 'PUT', body: 'hello' })).status).toBe(200);
    expect((await fetchBytes(data.url.replace('/storage/upload/', '/storage/download/'))).status).toBe(403);
    expect(String((await app.downloadFile({ fileID: data.fileId })).fileContent)).toBe('hello');
  });

  test('after deleteFile the file is gone: old URL 404, downloadFile and getTempFileURL say STORAGE_FILE_NONEXIST', async () => {
    const { fileID } = await app.uploadFile({ cloudPath: 'photos/gone.png', fileContent: Buffer.from('png') });
    const url = await tempUrl(app, fileID);

    const { fileList } = await app.deleteFile({ fileList: [fileID] });
    expect(fileList).toEqual([{ fileID, code: 'SUCCESS' }]);

    const stale = await fetchBytes(url);
    expect(stale.status).toBe(404);
    expect(stale.body.toString()).toContain('<Code>NoSuchKey</Code>');
    await expect(app.downloadFile({ fileID })).rejects.toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
    const { fileList: urls } = await app.getTempFileURL({ fileList: [fileID] });
    expect(urls[0]).toMatchObject({ fileID, code: 'STORAGE_FILE_NONEXIST', tempFileURL: '' });
    const { fileList: infos } = await app.getFileInfo({ fileList: [fileID] });
    expect(infos[0]).toMatchObject({ fileID, code: 'STORAGE_FILE_NONEXIST' });
  });

  test('deleteFile answers per file: missing and malformed fileIDs get their own codes, the others are deleted', async () => {
    const { fileID } = await app.uploadFile({ cloudPath: 'tmp/one.txt', fileContent: Buffer.from('1') });
    const missing = fileID.replace('one.txt', 'never-uploaded.txt');

    const { fileList } = await app.deleteFile({ fileList: [missing, fileID, 'not-a-file-id'] });
    expect(fileList).toEqual([
      { fileID: missing, code: 'STORAGE_FILE_NONEXIST', message: expect.stringContaining('does not exist') },
      { fileID, code: 'SUCCESS' },
      { fileID: 'not-a-file-id', code: 'INVALID_PARAM', message: expect.stringContaining('cloud://') },
    ]);
    const again = await app.deleteFile({ fileList: [fileID] });
    expect(again.fileList[0]).toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
  });

  test.each([
    ['a "..", which would leave the folder', '../../etc/passwd', '".." segments'],
    ['a ".." in the middle', 'photos/../secret.txt', '".." segments'],
    ['an absolute path', '/photos/a.jpg', 'leading "/"'],
    ['an empty segment', 'photos//a.jpg', 'empty segment'],
    ['a character that breaks URLs', 'photos/a?b.jpg', 'may only contain'],
  ])('uploadFile refuses %s', async (_case, cloudPath, reason) => {
    await expect(app.uploadFile({ cloudPath, fileContent: Buffer.from('x') })).rejects.toMatchObject({
      code: 'INVALID_PARAM',
      message: expect.stringContaining(reason),
    });
  });

  test('an upload over 20 MB is refused with a clear error', async () => {
    const tooBig = Buffer.alloc(20 * 1024 * 1024 + 1);
    await expect(app.uploadFile({ cloudPath: 'big/too-big.bin', fileContent: tooBig })).rejects.toMatchObject({
      code: 'STORAGE_REQUEST_FAIL',
      message: expect.stringMatching(/EntityTooLarge.*upload limit of 20\.0 MB/),
    });
  });

  test('getTempFileURL answers per file: a malformed fileID or maxAge fails alone', async () => {
    const { fileID } = await app.uploadFile({ cloudPath: 'tmp/two.txt', fileContent: Buffer.from('2') });

    const { fileList } = await app.getTempFileURL({ fileList: ['cloud://x', { fileID, maxAge: -1 }, { fileID, maxAge: 30 }] });
    expect(fileList).toEqual([
      { fileID: 'cloud://x', tempFileURL: '', code: 'INVALID_PARAM', message: expect.stringContaining('not of the form') },
      { fileID, tempFileURL: '', code: 'INVALID_PARAM', message: expect.stringContaining('maxAge') },
      { fileID, tempFileURL: expect.stringContaining('/storage/download/'), maxAge: 30, code: 'SUCCESS' },
    ]);
  });

  test('actions the emulator does not implement fail plainly', async () => {
    await expect(app.copyFile({ fileList: [{ srcPath: 'a/x.txt', dstPath: 'b/x.txt' }] })).rejects.toMatchObject({
      code: 'INVALID_ACTION',
      message: expect.stringContaining('storage.batchCopyFile'),
    });
  });
});

describe('signed URLs at an injected clock', () => {
  const started = Date.UTC(2026, 0, 1);
  let clock = started;
  let storage: EmulatorStorage;
  let server: http.Server;
  let base: string;

  const admin = async (request: Record<string, unknown>): Promise<Record<string, unknown>> =>
    (await storage.handleAdmin({ envName: LOCAL_ENV_ID, ...request, action: `storage.${String(request.action)}` }))
      .data as Record<string, unknown>;
  const uploadGrant = async (cloudPath: string): Promise<{ url: string; fileId: string }> =>
    (await admin({ action: 'getUploadMetadata', path: cloudPath, method: 'put' })) as { url: string; fileId: string };
  const uploadUrl = async (cloudPath: string): Promise<string> => (await uploadGrant(cloudPath)).url;
  const downloadUrl = async (fileid: string, maxAge: number): Promise<string> => {
    const { download_list } = await admin({ action: 'batchGetDownloadUrl', file_list: [{ fileid, max_age: maxAge }] });
    return (download_list as Array<{ tempFileURL: string }>)[0]!.tempFileURL;
  };

  beforeAll(async () => {
    storage = openStorage({ dir: null, baseUrl: () => base, now: () => clock, maxUploadBytes: 10 });
    server = http.createServer((req, res) => {
      void storage.handleHttp(req, res, new URL(req.url ?? '/', base));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    storage.close();
  });

  test('a download URL works until its maxAge has passed, then answers 403 saying it expired', async () => {
    clock = started;
    const grant = await uploadGrant('notes/plan.md');
    const put = await fetchBytes(grant.url, { method: 'PUT', body: 'plan', headers: { 'content-type': 'text/markdown' } });
    expect(put.status).toBe(200);
    const url = await downloadUrl(grant.fileId, 60);

    clock = started + 59_999;
    const fresh = await fetchBytes(url);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('content-type')).toBe('text/markdown');
    clock = started + 60_000;
    const expired = await fetchBytes(url);
    expect(expired.status).toBe(403);
    expect(expired.body.toString()).toContain('expired at 2026-01-01T00:01:00.000Z');
  });

  test('an upload URL expires after ten minutes', async () => {
    clock = started;
    const url = await uploadUrl('notes/late.txt');
    clock = started + 10 * 60_000;
    expect((await fetchBytes(url, { method: 'PUT', body: 'late' })).status).toBe(403);
  });

  test('the upload limit is inclusive: maxUploadBytes passes, one more byte is refused', async () => {
    clock = started;
    expect((await fetchBytes(await uploadUrl('limit/ten.bin'), { method: 'PUT', body: '0123456789' })).status).toBe(200);
    const over = await fetchBytes(await uploadUrl('limit/eleven.bin'), { method: 'PUT', body: '0123456789A' });
    expect(over.status).toBe(413);
    expect(over.body.toString()).toContain('<Code>EntityTooLarge</Code>');
  });
});

describe('storage kept in a folder', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-dir-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const start = async (): Promise<{ emulator: RunningEmulator; app: App }> => {
    const emulator = await startEmulator({ port: 0, dataDir, schema: SCHEMA, functions: null });
    return { emulator, app: tcb.init({ env: LOCAL_ENV_ID, serviceUrl: `${emulator.url}/admin` }) };
  };

  test('files survive closing and reopening the emulator; deletes and replacements too', async () => {
    const photo = randomBytes(4096);
    const first = await start();
    await first.app.uploadFile({ cloudPath: 'photos/p1.png', fileContent: Buffer.from('replaced below') });
    const { fileID } = await first.app.uploadFile({ cloudPath: 'photos/p1.png', fileContent: photo });
    const { fileID: deleted } = await first.app.uploadFile({ cloudPath: 'photos/p2.png', fileContent: Buffer.from('p2') });
    await first.app.deleteFile({ fileList: [deleted] });
    const oldUrl = await tempUrl(first.app, fileID);
    await first.emulator.close();

    // One file kept: its metadata and its latest bytes, nothing named after the cloudPath.
    const kept = fs.readdirSync(path.join(dataDir, 'storage', LOCAL_ENV_ID)).sort();
    expect(kept).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.[0-9a-f]{12}\.data$/), expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);

    const second = await start();
    try {
      const { fileContent } = await second.app.downloadFile({ fileID });
      expect(Buffer.from(fileContent as Buffer).equals(photo)).toBe(true);
      const { fileList } = await second.app.getTempFileURL({ fileList: [deleted] });
      expect(fileList[0]).toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
      // URLs are signed with a key of the process that issued them.
      const replayed = new URL(oldUrl);
      replayed.port = String(second.emulator.port);
      expect((await fetchBytes(replayed.toString())).status).toBe(403);
    } finally {
      await second.emulator.close();
    }
  });
});
