import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AdminError } from '../service';
import { contentTypeFor } from './content-type';
import type { FileRef } from './paths';
import type { UrlSigner } from './signing';
import type { FileStore } from './store';
import { parseStorageUrl } from './urls';

export interface RouteDeps {
  store: FileStore;
  signer: UrlSigner;
  now: () => number;
  maxUploadBytes: number;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Errors in COS's XML shape. The SDK's uploadFile parses it and reads all of Code, Message, RequestId and
 * TraceId (a missing one crashes it), then throws STORAGE_REQUEST_FAIL with "[Code]: Message".
 */
function sendCosError(res: ServerResponse, status: number, code: string, message: string): void {
  const id = randomUUID();
  const body =
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${escapeXml(message)}</Message>\n` +
    `  <RequestId>${id}</RequestId>\n  <TraceId>${id}</TraceId>\n</Error>\n`;
  res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The body, or null when it is over `limit`. Reads to the end either way, so the client sees our answer. */
async function readUpTo(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

/** `PUT /storage/upload/…` (uploadFile, step 2) and `GET|HEAD /storage/download/…` (temporary URLs). */
export function createHttpRoutes({ store, signer, now, maxUploadBytes }: RouteDeps) {
  async function upload(req: IncomingMessage, res: ServerResponse, file: FileRef): Promise<void> {
    const bytes = await readUpTo(req, maxUploadBytes);
    if (bytes === null) {
      const megabytes = (maxUploadBytes / 1024 / 1024).toFixed(1);
      return sendCosError(res, 413, 'EntityTooLarge', `${file.cloudPath} is larger than the emulator's upload limit of ${megabytes} MB`);
    }
    const contentType = contentTypeFor(file.cloudPath, req.headers['content-type']);
    store.put(file, { bytes, meta: { cloudPath: file.cloudPath, size: bytes.length, contentType, uploadedAt: now() } });
    // COS answers a successful PUT with an empty body, which the SDK reads as "no error".
    res.writeHead(200, { 'content-length': 0 });
    res.end();
  }

  function download(req: IncomingMessage, res: ServerResponse, file: FileRef): void {
    const meta = store.head(file);
    if (!meta) return sendCosError(res, 404, 'NoSuchKey', `${file.cloudPath} does not exist (deleted since the URL was issued?)`);
    res.writeHead(200, {
      'content-type': meta.contentType,
      'content-length': meta.size,
      'last-modified': new Date(meta.uploadedAt).toUTCString(),
    });
    // The store is synchronous, so the bytes are those the metadata above describes.
    res.end(req.method === 'HEAD' ? undefined : store.get(file)?.bytes);
  }

  return async function handleHttp(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    let route: ReturnType<typeof parseStorageUrl>;
    try {
      route = parseStorageUrl(url.pathname);
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      sendCosError(res, 400, 'InvalidURI', error.message);
      return true;
    }
    if (route === null) return false;
    const { grant, file } = route;
    const methods = grant === 'upload' ? ['PUT'] : ['GET', 'HEAD'];
    if (!methods.includes(req.method ?? '')) {
      res.setHeader('allow', methods.join(', '));
      sendCosError(res, 405, 'MethodNotAllowed', `${grant} URLs take ${methods.join(' or ')}, not ${req.method}`);
      return true;
    }
    const denial = signer.check(grant, file, url.searchParams, now());
    if (denial) sendCosError(res, 403, denial.code, denial.message);
    else if (grant === 'upload') await upload(req, res, file);
    else download(req, res, file);
    return true;
  };
}
