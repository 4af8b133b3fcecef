import { createPublicKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TokenClaims } from './format';
import { generateSigningKeyConfig, parseKeyRing, publicKeySet, type KeySetDocument, type VerifyingKeys } from './keys';
import { QR_VERSION_BUDGET, qrByteCapacityM, qrVersionByteModeM } from './qr';
import { encodeToken, verifyToken } from './token';
import { extractToken, tokenUrl } from './url';

/** docs/token-format.md is the open format: what it states must be what this code does. */
const DOC = fs.readFileSync(path.join(__dirname, '../../../../docs/token-format.md'), 'utf8');

interface DocVectors {
  prefix: string;
  keySet: KeySetDocument;
  vectors: Array<{
    name: string;
    url: string;
    keyId?: string;
    claims?: TokenClaims;
    checks: Array<{ nowSeconds: number; skewSeconds: number; verdict: string }>;
  }>;
}

function between(start: string, end: string): string {
  const from = DOC.indexOf(start);
  const to = DOC.indexOf(end, from + start.length);
  if (from < 0 || to < 0) throw new Error(`docs/token-format.md lacks ${start} … ${end}`);
  return DOC.slice(from + start.length, to);
}

/** The cells of each body row of the first Markdown table in `text`. */
function tableRows(text: string): string[][] {
  const rows = text.split('\n').filter((line) => line.startsWith('|'));
  return rows.slice(2).map((row) => row.split('|').slice(1, -1).map((cell) => cell.trim()));
}

const documented: DocVectors = JSON.parse(between('```json test-vectors\n', '\n```'));
const keys: VerifyingKeys = new Map(
  documented.keySet.keys.map(({ kid, kty, crv, x, y, retiredAt }) => {
    const publicKey = createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' });
    return [kid, retiredAt === undefined ? { publicKey } : { publicKey, retiredAt }];
  }),
);

describe('the test vectors of docs/token-format.md', () => {
  test('the key set is what publicKeySet serves for those keys', () => {
    const { issuedAt, expiresAt } = documented.keySet;
    expect(publicKeySet(keys, issuedAt, expiresAt - issuedAt)).toEqual(documented.keySet);
  });

  test.each(documented.vectors.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    const extracted = extractToken(vector.url, documented.prefix);
    if (!extracted.ok) throw new Error('the vector URL is not ours');
    for (const { nowSeconds, skewSeconds, verdict } of vector.checks) {
      const expected = verdict === 'VALID' ? { ok: true, claims: vector.claims, keyId: vector.keyId } : { ok: false, reason: verdict };
      expect(verifyToken(extracted.token, keys, nowSeconds, skewSeconds)).toEqual(expected);
    }
  });

  test('the byte-by-byte dump of the first vector is its bytes, at the stated offsets', () => {
    const extracted = extractToken(documented.vectors[0].url, documented.prefix);
    const bytes = Buffer.from(extracted.ok ? extracted.token : '', 'base64url');
    let offset = 0;
    for (const [rowOffset, hex] of tableRows(between('<!-- token-dump:start -->', '<!-- token-dump:end -->'))) {
      const field = Buffer.from(hex.replace(/ /g, ''), 'hex');
      expect(Number(rowOffset)).toBe(offset);
      expect(field).toEqual(bytes.subarray(offset, offset + field.length));
      offset += field.length;
    }
    expect(offset).toBe(bytes.length);
  });
});

describe('the QR budget table of docs/token-format.md', () => {
  const issuedAt = 1_767_225_600;
  const code: TokenClaims = { passRef: randomBytes(16).toString('base64url'), issuedAt, expiresAt: issuedAt + 300, colour: 'green', kind: 'code' };
  const claimsByRow: TokenClaims[] = [
    code,
    { ...code, kind: 'card', expiresAt: issuedAt + 180 * 86_400, cardSerial: 1 },
    { ...code, passRef: 'pass.'.padEnd(32, 'x') },
  ];
  const rows = tableRows(between('## QR budget', '## Versions'));
  const { signing } = parseKeyRing(generateSigningKeyConfig('0001'));

  test.each(claimsByRow.map((claims, index) => [index, claims] as const))('row %i states the lengths of its token', (index, claims) => {
    const [label, tokenBytes, tokenChars, urlLength, longestPrefix] = rows[index];
    const token = encodeToken(claims, signing);
    const url = tokenUrl(documented.prefix, token);
    expect(label).toContain(claims.kind === 'card' ? 'printed card' : 'phone code');
    expect([Number(tokenBytes), Number(tokenChars), parseInt(urlLength, 10), Number(longestPrefix)]).toEqual([
      Buffer.from(token, 'base64url').length,
      token.length,
      url.length,
      qrByteCapacityM(QR_VERSION_BUDGET) - token.length,
    ]);
    expect(urlLength.includes('version 9')).toBe(qrVersionByteModeM(url) === 9);
  });
});
