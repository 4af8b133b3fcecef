import { passDocument } from '../../../test/support/pass-document';
import { encodeToken, generateSigningKeyConfig, parseKeyRing, type TokenClaims } from './token';
import { judgeScan, outcomeCorrection, passVerdict, predictedOutcome, showsPerson, verifyResult, ONLINE_SKEW_SECONDS, type TokenFinding } from './verdict';

const PREFIX = 'https://txm.example.cn/v/';
const { signing, verifying } = parseKeyRing(generateSigningKeyConfig('0001'));
const ISSUED = 1_795_000_000;
const claims = (overrides: Partial<TokenClaims> = {}): TokenClaims => ({ passRef: 'pass-1', issuedAt: ISSUED, expiresAt: ISSUED + 180, colour: 'green', kind: 'code', ...overrides });
const genuine = (overrides: Partial<TokenClaims> = {}, current = true): Extract<TokenFinding, { kind: 'genuine' }> => ({ kind: 'genuine', claims: claims(overrides), current });

describe('judgeScan', () => {
  const url = PREFIX + encodeToken(claims(), signing);

  test('a genuine code is current within its life and the skew, and still genuine (with its claims) outside it', () => {
    expect(judgeScan(url, verifying, PREFIX, ISSUED)).toEqual({ kind: 'genuine', claims: claims(), current: true });
    const expired = ISSUED + 180 + ONLINE_SKEW_SECONDS;
    expect(judgeScan(url, verifying, PREFIX, expired)).toEqual({ kind: 'genuine', claims: claims(), current: false });
    expect(judgeScan(url, verifying, PREFIX, ISSUED - ONLINE_SKEW_SECONDS - 1)).toEqual({ kind: 'genuine', claims: claims(), current: false });
  });

  test('not our prefix: NOT_OURS; our prefix but no token we vouch for: INVALID with the reason', () => {
    expect(judgeScan(`https://example.com/v/${url.slice(PREFIX.length)}`, verifying, PREFIX, ISSUED)).toMatchObject({ kind: 'refused', verdict: 'NOT_OURS' });
    expect(judgeScan(`${PREFIX}AAAA`, verifying, PREFIX, ISSUED)).toEqual({ kind: 'refused', verdict: 'INVALID', reason: 'MALFORMED' });
    const retired = new Map([...verifying].map(([kid, key]) => [kid, { ...key, retiredAt: ISSUED }]));
    expect(judgeScan(url, retired, PREFIX, ISSUED)).toEqual({ kind: 'refused', verdict: 'INVALID', reason: 'RETIRED_KEY' });
  });
});

describe('passVerdict: revocation before time, then the live colour', () => {
  test('the live colour decides, not the token’s', () => {
    const red = passDocument({ colour: { ...passDocument().colour, colour: 'red' } });
    expect(passVerdict(genuine({ colour: 'green' }), red)).toBe('STOP');
    expect(passVerdict(genuine({ colour: 'red' }), passDocument())).toBe('PASS');
  });

  test('no pass: INVALID; cancelled: REVOKED even when expired; a card of another serial: REVOKED', () => {
    expect(passVerdict(genuine(), undefined)).toBe('INVALID');
    expect(passVerdict(genuine({}, false), passDocument({ status: 'cancelled' }))).toBe('REVOKED');
    const card = { serial: 3, printedAt: new Date() };
    expect(passVerdict(genuine({ kind: 'card', cardSerial: 2 }), passDocument({ openid: null, card }))).toBe('REVOKED');
    expect(passVerdict(genuine({ kind: 'card', cardSerial: 3 }), passDocument({ openid: null, card: null }))).toBe('REVOKED');
    expect(passVerdict(genuine({ kind: 'card', cardSerial: 3 }), passDocument({ openid: null, card }))).toBe('PASS');
    expect(passVerdict(genuine({}, false), passDocument())).toBe('EXPIRED');
  });
});

describe('the scan log’s prediction and its correction', () => {
  test('a token predicts its own colour’s verdict; a refusal is final', () => {
    expect(predictedOutcome(genuine({ colour: 'yellow' }), 'cp-1')).toEqual({ verdict: 'CAUTION', colour: 'yellow', checkpointId: 'cp-1' });
    expect(predictedOutcome(genuine({}, false), null)).toEqual({ verdict: 'EXPIRED', colour: 'green', checkpointId: null });
    expect(predictedOutcome({ kind: 'refused', verdict: 'NOT_OURS', reason: 'NOT_OURS' }, null)).toEqual({ verdict: 'NOT_OURS', colour: null, checkpointId: null });
  });

  test('only what differs is written again', () => {
    const predicted = { verdict: 'PASS' as const, colour: 'green' as const, checkpointId: 'cp-1' };
    expect(outcomeCorrection(predicted, { ...predicted })).toBeNull();
    expect(outcomeCorrection(predicted, { verdict: 'STOP', colour: 'red', checkpointId: 'cp-1' })).toEqual({ verdict: 'STOP', colour: 'red' });
    expect(outcomeCorrection(predicted, { ...predicted, checkpointId: null })).toEqual({ checkpointId: null });
  });
});

describe('verifyResult: who learns what', () => {
  const ids = { scanId: 'scan-1', serverTime: 1 };
  const pass = passDocument({ photo: 'cloud://env/photo.jpg' });
  const url = 'https://tmp.example/photo.jpg?sign=1';

  test('a guard: colour, since when, reasons, masked name and the URL of the photo', () => {
    expect(showsPerson('PASS', pass, true)).toBe(true);
    expect(verifyResult('PASS', pass, true, ids, url)).toEqual({
      verdict: 'PASS',
      ...ids,
      colour: 'green',
      colourSince: pass.colour.since.getTime(),
      reasons: [],
      person: { nameMasked: '张*', photo: url },
    });
  });

  test('anyone else: the verdict and the colour only; INVALID and NOT_OURS: no colour for anybody', () => {
    expect([showsPerson('PASS', pass, false), showsPerson('INVALID', pass, true), showsPerson('NOT_OURS', undefined, true)]).toEqual([false, false, false]);
    expect(verifyResult('PASS', pass, false, ids, url)).toEqual({ verdict: 'PASS', ...ids, colour: 'green' });
    expect(verifyResult('INVALID', pass, true, ids, url)).toEqual({ verdict: 'INVALID', ...ids });
    expect(verifyResult('NOT_OURS', undefined, true, ids, null)).toEqual({ verdict: 'NOT_OURS', ...ids });
  });
});
