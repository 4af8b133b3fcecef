/**
 * The guard's verdict on a scan, decided in two steps: what the token alone says (no I/O), then what the
 * pass it names says (one read). Pure: the function reads the pass and hands it in.
 */
import type { Colour, VerdictKind, VerifyResult } from '../../../typings/contract';
import { decodeBase64url } from './token/base64url';
import { parseToken } from './token/format';
import { extractToken, verifyToken, type Refusal, type TokenClaims, type VerifyingKeys } from './token';
import type { PassDocument } from './pass';

/**
 * Clock difference allowed between the server that issued a token and the one that checks it, both ways
 * (docs/token-format.md, Clock skew). Both are CloudBase servers on NTP: 30 s covers a phone code issued
 * at the very end of a request that took long, never a screenshot taken minutes ago.
 */
export const ONLINE_SKEW_SECONDS = 30;

/**
 * What the token alone says. `genuine` means we signed it (with a key not retired), so its pass reference
 * can be trusted; `current` is false when it is not valid at this time (expired, or issued in the future).
 */
export type TokenFinding =
  | { kind: 'refused'; verdict: 'NOT_OURS' | 'INVALID'; reason: Refusal | 'NOT_OURS' }
  | { kind: 'genuine'; claims: TokenClaims; current: boolean };

/**
 * Judges a scanned text at `nowSeconds`. Anything but our URL prefix and a token is NOT_OURS; a token we
 * cannot vouch for (malformed, unknown or retired key, bad signature, unknown version) is INVALID: a retired
 * key may have leaked, so its tokens prove nothing. NOT_YET_VALID counts as not current, like EXPIRED: the
 * token is genuine (only a clock fault between our servers produces one), and the remedy at the gate is
 * the same, a fresh code.
 */
export function judgeScan(scanned: string, keys: VerifyingKeys, prefix: string, nowSeconds: number): TokenFinding {
  const extracted = extractToken(scanned, prefix);
  if (!extracted.ok) return { kind: 'refused', verdict: 'NOT_OURS', reason: 'NOT_OURS' };
  const judged = verifyToken(extracted.token, keys, nowSeconds, ONLINE_SKEW_SECONDS);
  if (judged.ok) return { kind: 'genuine', claims: judged.claims, current: true };
  if (judged.reason === 'EXPIRED' || judged.reason === 'NOT_YET_VALID') {
    return { kind: 'genuine', claims: claimsOfVerified(extracted.token), current: false };
  }
  return { kind: 'refused', verdict: 'INVALID', reason: judged.reason };
}

/** The claims of a token whose signature verifyToken has just accepted (it says EXPIRED only of those). */
function claimsOfVerified(token: string): TokenClaims {
  const bytes = decodeBase64url(token);
  const parsed = bytes && parseToken(bytes);
  if (!parsed || typeof parsed === 'string') throw new Error('a token judged EXPIRED or NOT_YET_VALID must parse');
  return parsed.claims;
}

const VERDICT_OF_COLOUR: Record<Colour, VerdictKind> = { green: 'PASS', yellow: 'CAUTION', red: 'STOP' };

export function verdictOfColour(colour: Colour): VerdictKind {
  return VERDICT_OF_COLOUR[colour];
}

/**
 * The verdict on a genuine token given its pass, read live. Revocation comes before time: a cancelled pass
 * or a replaced card is refused for good (no fresh code will help), an expired code only for now. Then the
 * LIVE colour decides, never the colour in the token: a person who turned red since the code was issued
 * is stopped.
 */
export function passVerdict(finding: Extract<TokenFinding, { kind: 'genuine' }>, pass: PassDocument | undefined): VerdictKind {
  const { claims, current } = finding;
  if (!pass) return 'INVALID';
  if (pass.status !== 'active') return 'REVOKED';
  if (claims.kind === 'card' && claims.cardSerial !== pass.card?.serial) return 'REVOKED';
  if (!current) return 'EXPIRED';
  return verdictOfColour(pass.colour.colour);
}

/** What the scan log says of a scan: the verdict answered and the live colour shown (null when no pass was read). */
export interface ScanOutcome {
  verdict: VerdictKind;
  colour: Colour | null;
  checkpointId: string | null;
}

/**
 * The outcome as the token alone predicts it: the pass as the token describes it (active, same card, same
 * colour). The scan log is written with this before the pass is read, so that the log costs no round trip
 * of its own; it is right unless the pass changed during the token's life (minutes for a phone code).
 */
export function predictedOutcome(finding: TokenFinding, declaredCheckpointId: string | null): ScanOutcome {
  if (finding.kind === 'refused') return { verdict: finding.verdict, colour: null, checkpointId: declaredCheckpointId };
  const { claims, current } = finding;
  return { verdict: current ? verdictOfColour(claims.colour) : 'EXPIRED', colour: claims.colour, checkpointId: declaredCheckpointId };
}

/** The fields of `actual` that differ from what was predicted, or null when the prediction holds. */
export function outcomeCorrection(predicted: ScanOutcome, actual: ScanOutcome): Partial<ScanOutcome> | null {
  const changed = (Object.keys(actual) as Array<keyof ScanOutcome>).filter((field) => actual[field] !== predicted[field]);
  return changed.length === 0 ? null : Object.fromEntries(changed.map((field) => [field, actual[field]]));
}

/**
 * Whether the answer to a scan names the person (masked name, photo): only to registered guards, and only
 * when a pass was read and the code is ours.
 */
export function showsPerson(verdict: VerdictKind, pass: PassDocument | undefined, toGuard: boolean): boolean {
  return toGuard && pass !== undefined && verdict !== 'INVALID' && verdict !== 'NOT_OURS';
}

/**
 * The answer to a scan. The live colour is shown whenever a pass was read (so not for INVALID and NOT_OURS);
 * the person (masked name, the URL of their photo, `photoUrl`) and the reasons for the colour (health facts)
 * only to registered guards: anyone else learns the colour and whether the code is valid, as on a public display.
 */
export function verifyResult(
  verdict: VerdictKind,
  pass: PassDocument | undefined,
  toGuard: boolean,
  ids: { scanId: string; serverTime: number },
  photoUrl: string | null,
): VerifyResult {
  const result: VerifyResult = { verdict, serverTime: ids.serverTime, scanId: ids.scanId };
  if (!pass || verdict === 'INVALID' || verdict === 'NOT_OURS') return result;
  result.colour = pass.colour.colour;
  if (!showsPerson(verdict, pass, toGuard)) return result;
  result.colourSince = pass.colour.since.getTime();
  result.reasons = pass.colour.reasons;
  result.person = { nameMasked: pass.nameMasked, photo: photoUrl };
  return result;
}
