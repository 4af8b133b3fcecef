import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FileRef } from './paths';

/** What a URL lets its holder do; part of the signed text so an upload URL cannot be used to read. */
export type Grant = 'upload' | 'download';

/** Why a URL was refused, in the words COS uses (its error codes) and ours (the message). */
export interface Denial {
  code: 'AccessDenied' | 'SignatureDoesNotMatch';
  message: string;
}

export interface UrlSigner {
  /** The query string (`expires=…&sign=…`) that grants `grant` on `file` until `expiresAt` (epoch ms). */
  query(grant: Grant, file: FileRef, expiresAt: number): string;
  /** Null when the query grants `grant` on `file` at time `now`. */
  check(grant: Grant, file: FileRef, query: URLSearchParams, now: number): Denial | null;
}

/** Signs with a random key per storage instance: URLs die with the process that issued them, like a key rotation. */
export function createUrlSigner(): UrlSigner {
  const key = randomBytes(32);
  const mac = (grant: Grant, file: FileRef, expiresAt: string): string =>
    createHmac('sha256', key).update(`${grant}\n${file.env}\n${file.cloudPath}\n${expiresAt}`).digest('base64url');

  return {
    query(grant, file, expiresAt) {
      return `expires=${expiresAt}&sign=${mac(grant, file, String(expiresAt))}`;
    },
    check(grant, file, query, now) {
      const expires = query.get('expires');
      const sign = query.get('sign');
      if (expires === null || sign === null) {
        return { code: 'AccessDenied', message: 'the URL carries no signature (expires and sign query parameters)' };
      }
      // Compared as text: decoding first would accept other spellings of the same bytes (base64 padding bits).
      const given = Buffer.from(sign);
      const expected = Buffer.from(mac(grant, file, expires));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { code: 'SignatureDoesNotMatch', message: `the URL signature does not match: it was altered or not issued by this emulator for ${grant}` };
      }
      if (now >= Number(expires)) {
        return { code: 'AccessDenied', message: `the URL expired at ${new Date(Number(expires)).toISOString()}: ask for a new one` };
      }
      return null;
    },
  };
}
