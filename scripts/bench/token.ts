import { randomBytes, sign, verify } from 'node:crypto';
import {
  encodeToken,
  generateSigningKeyConfig,
  parseKeyRing,
  qrVersionByteModeM,
  tokenUrl,
  verifyToken,
  type TokenClaims,
} from '../../cloudfunctions/shared/domain/token';

export interface TokenBenchReport {
  signPerSecond: number;
  verifyPerSecond: number;
  rawSignPerSecond: number;
  rawVerifyPerSecond: number;
  /** A phone code for a 16-byte pass id. */
  tokenBytes: number;
  /** That token behind EXAMPLE_URL_PREFIX, and the QR version it needs (byte mode, level M). */
  urlLength: number;
  qrVersion: number | null;
}

export const EXAMPLE_URL_PREFIX = 'https://txm.example.cn/v/';

/** Slices short enough that the four operations share the machine's ups and downs, long enough to time. */
const SLICE_MS = 25;
const CALLS_PER_CHECK = 16;

/**
 * encodeToken and verifyToken next to raw node:crypto P-256 sign and verify of the same bytes, in
 * interleaved slices over `seconds`, so that the four meet the same machine.
 */
export function measureTokens(seconds = 2): TokenBenchReport {
  const { signing, verifying } = parseKeyRing(generateSigningKeyConfig('0001'));
  const issuedAt = 1_750_000_000;
  const claims: TokenClaims = { passRef: randomBytes(16).toString('base64url'), issuedAt, expiresAt: issuedAt + 300, colour: 'green', kind: 'code' };
  const token = encodeToken(claims, signing);
  const bytes = Buffer.from(token, 'base64url');
  const signed = bytes.subarray(0, bytes.length - 64);
  const signature = bytes.subarray(bytes.length - 64);
  const privateKey = { key: signing.privateKey, dsaEncoding: 'ieee-p1363' } as const;
  const publicKey = { key: signing.publicKey, dsaEncoding: 'ieee-p1363' } as const;
  if (!verifyToken(token, verifying, issuedAt, 0).ok || !verify('sha256', signed, publicKey, signature)) {
    throw new Error('token bench: the measured token does not verify');
  }

  const rates = interleavedRates(seconds, {
    sign: () => encodeToken(claims, signing),
    verify: () => verifyToken(token, verifying, issuedAt, 0),
    rawSign: () => sign('sha256', signed, privateKey),
    rawVerify: () => verify('sha256', signed, publicKey, signature),
  });
  const url = tokenUrl(EXAMPLE_URL_PREFIX, token);
  return {
    signPerSecond: rates.sign,
    verifyPerSecond: rates.verify,
    rawSignPerSecond: rates.rawSign,
    rawVerifyPerSecond: rates.rawVerify,
    tokenBytes: bytes.length,
    urlLength: url.length,
    qrVersion: qrVersionByteModeM(url),
  };
}

/**
 * Rate of each operation in its fastest slice: the least disturbed measurement (as timeit takes the minimum),
 * since a neighbour's burst only ever slows a slice down.
 */
function interleavedRates<Name extends string>(seconds: number, operations: Record<Name, () => unknown>): Record<Name, number> {
  const names = Object.keys(operations) as Name[];
  const rates = new Map<Name, number[]>(names.map((name) => [name, []]));
  const sliceNs = BigInt(SLICE_MS * 1e6);
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < end) {
    for (const name of names) {
      const operation = operations[name];
      const start = process.hrtime.bigint();
      let elapsed = 0n;
      let count = 0;
      while (elapsed < sliceNs) {
        for (let call = 0; call < CALLS_PER_CHECK; call++) operation();
        count += CALLS_PER_CHECK;
        elapsed = process.hrtime.bigint() - start;
      }
      rates.get(name)?.push((count * 1e9) / Number(elapsed));
    }
  }
  return Object.fromEntries(names.map((name) => [name, Math.max(...(rates.get(name) ?? []))])) as Record<Name, number>;
}
