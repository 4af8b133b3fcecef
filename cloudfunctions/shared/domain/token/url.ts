/**
 * The token inside a URL, so that a plain WeChat camera scan opens our verifier page as well as the in-app
 * scanner does. The prefix is configuration, e.g. `https://txm.example.cn/v/` or `https://txm.example.cn/v?t=`.
 */
import { isBase64urlAlphabet } from './base64url';
import { MAX_TOKEN_CHARS } from './format';

/** https, a lowercase host, an optional port, then a path (and query) of printable ASCII ending in `/` or `=`. */
const PREFIX_PATTERN = /^https:\/\/[a-z0-9.-]+(?::[0-9]{1,5})?\/[\x21-\x7e]*[/=]$/;

export type ExtractedToken = { ok: true; token: string } | { ok: false; reason: 'NOT_OURS' };

export function tokenUrl(prefix: string, token: string): string {
  requirePrefix(prefix);
  if (token.length === 0 || !isBase64urlAlphabet(token)) throw new RangeError('token must be base64url text');
  return prefix + token;
}

/**
 * The token in a scanned QR text, or NOT_OURS for anything that is not our prefix followed by 1 to
 * MAX_TOKEN_CHARS base64url characters (another URL, plain text, empty or huge input). Text that only looks
 * like a token is answered by verifyToken (MALFORMED and the rest), not here. WeChat hands a scanned URL to a
 * page URL-encoded (`options.q`): decode it before calling this.
 */
export function extractToken(scanned: string, prefix: string): ExtractedToken {
  requirePrefix(prefix);
  if (typeof scanned !== 'string' || scanned.length <= prefix.length || scanned.length > prefix.length + MAX_TOKEN_CHARS) return NOT_OURS;
  if (!scanned.startsWith(prefix)) return NOT_OURS;
  const token = scanned.slice(prefix.length);
  return isBase64urlAlphabet(token) ? { ok: true, token } : NOT_OURS;
}

const NOT_OURS: ExtractedToken = { ok: false, reason: 'NOT_OURS' };

function requirePrefix(prefix: string): void {
  if (!PREFIX_PATTERN.test(prefix)) throw new RangeError(`token URL prefix must be https://host/…/ or …=, not ${JSON.stringify(prefix)}`);
}
