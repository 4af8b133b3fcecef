import type { IncomingMessage, ServerResponse } from 'node:http';
import { AdminError } from './service';

const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Reads a whole request body, refusing more than MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new AdminError('INVALID_PARAM', `request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a request body that may be refused for its size: past `limit` bytes the rest is read and dropped
 * (so that the client, still sending, gets the answer rather than a reset connection) and only the size is
 * told. Past MAX_BODY_BYTES the connection is cut.
 */
export async function readBodyWithin(req: IncomingMessage, limit: number): Promise<{ body: Buffer } | { tooLarge: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      req.socket.destroy();
      return { tooLarge: size };
    }
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? { tooLarge: size } : { body: Buffer.concat(chunks) };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
