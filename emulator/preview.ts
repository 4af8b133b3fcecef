import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NotificationDocument } from '../cloudfunctions/shared/domain/notification';
import { COLLECTIONS } from '../cloudfunctions/shared/schema';
import { sendJson } from './http-util';
import type { HttpRoutes } from './service';

export interface PreviewAccount {
  openid: string;
  label: string;
}

export interface PreviewOptions {
  /** The built preview (scripts/build-preview.ts). */
  dir: string;
  /** The identities the preview offers (the seeded demo accounts). */
  accounts: readonly PreviewAccount[];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
const NOTIFICATIONS_SHOWN = 50;
// Long enough for a page to load the picture; the <image> asks again on every render.
const FILE_URL_SECONDS = 600;

/**
 * The browser preview of the mini-program under `/preview/`: its files, and three read-only routes for it. It is
 * a development tool of the local CloudBase and reads through the node-sdk like the functions do, so the SDK
 * must point at this emulator (useEmulatorForSdk), as it does wherever the functions run in-process.
 * - `GET /preview/api/accounts`: the identities to choose from;
 * - `GET /preview/api/notifications?openid=…`: the notices recorded for one account, newest first;
 * - `GET /preview/api/file?id=cloud://…`: a redirect to the stored file's temporary URL, for `<image src="cloud://…">`.
 */
export function createPreviewRoutes(options: PreviewOptions): HttpRoutes {
  // Loaded on the first API call: the SDK takes a second to load, which every emulator start would pay.
  const sdk = () => import('../cloudfunctions/shared/cloudbase');

  async function notifications(res: ServerResponse, openid: string | null): Promise<void> {
    if (!openid) return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'openid is required' });
    const { data } = await (await sdk())
      .database()
      .collection(COLLECTIONS.notifications)
      .where({ openid })
      .orderBy('createdAt', 'desc')
      .limit(NOTIFICATIONS_SHOWN)
      .get();
    const notices = (data as NotificationDocument[]).map((notice) => ({
      title: notice.title,
      body: notice.body,
      createdAt: notice.createdAt.getTime(),
      deliveredAt: notice.deliveredAt?.getTime() ?? null,
    }));
    sendJson(res, 200, { notifications: notices });
  }

  async function file(res: ServerResponse, fileID: string | null): Promise<void> {
    if (!fileID) return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'id is required' });
    const { fileList } = await (await sdk()).cloudbase().getTempFileURL({ fileList: [{ fileID, maxAge: FILE_URL_SECONDS }] });
    const url = fileList[0]?.tempFileURL;
    if (!url) return sendJson(res, 404, { code: 'STORAGE_FILE_NONEXIST', message: `no file ${fileID}` });
    res.writeHead(302, { location: url, 'content-length': 0 });
    res.end();
  }

  function staticFile(res: ServerResponse, pathname: string): void {
    const relative = pathname === '/preview/' ? 'index.html' : pathname.slice('/preview/'.length);
    const file = path.join(options.dir, relative);
    // Only the preview's own files, never a path out of its folder.
    if (path.relative(options.dir, file).startsWith('..') || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      const hint = fs.existsSync(options.dir) ? '' : ' (the preview is not built: run npm run build)';
      return sendJson(res, 404, { code: 'NOT_FOUND', message: `no preview file ${relative}${hint}` });
    }
    const body = fs.readFileSync(file);
    // no-store: the preview is rebuilt while the emulator runs, and a stale bridge is confusing.
    res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(body);
  }

  return {
    async handleHttp(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
      if (url.pathname !== '/preview' && !url.pathname.startsWith('/preview/')) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendJson(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'the preview is read-only' });
      } else if (url.pathname === '/preview') {
        res.writeHead(301, { location: '/preview/', 'content-length': 0 });
        res.end();
      } else if (url.pathname === '/preview/api/accounts') {
        sendJson(res, 200, { accounts: options.accounts.map(({ openid, label }) => ({ openid, label })) });
      } else if (url.pathname === '/preview/api/notifications') {
        await notifications(res, url.searchParams.get('openid'));
      } else if (url.pathname === '/preview/api/file') {
        await file(res, url.searchParams.get('id'));
      } else {
        staticFile(res, url.pathname);
      }
      return true;
    },
  };
}
