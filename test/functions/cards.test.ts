import { cardFont } from '../../cloudfunctions/shared/card-font';
import { cloudbase, database } from '../../cloudfunctions/shared/cloudbase';
import { renderCardPdf } from '../../cloudfunctions/shared/domain/card-pdf';
import type { AuditEntry } from '../../cloudfunctions/shared/domain/audit';
import { extractToken, generateSigningKeyConfig, parseVerifyingKeys, QR_VERSION_BUDGET, verifyToken } from '../../cloudfunctions/shared/domain/token';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import type { RunningEmulator } from '../../emulator/server';
import type { StaffPassView } from '../../typings/contract';
import { cardLettering, decodeCardQr, singlePage } from '../support/card-qr';
import { callerOf, dataOf } from '../support/call';
import { startTestEmulator } from '../support/emulator';
import { openidFor, syntheticIdNumber } from '../support/people';
import { testPlatform } from '../support/platform';

const STAFF = openidFor('card-staff');
const GUARD = openidFor('card-guard');
const RESIDENT = openidFor('card-resident');
const PREFIX = 'https://txm.example.cn/v/';
const TOKEN_SIGNING_KEYS = generateSigningKeyConfig('0001');
const verifyingKeys = parseVerifyingKeys(TOKEN_SIGNING_KEYS);
const DAY_SECONDS = 86_400;
const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 };
/** A 1 × 1 PNG, the smallest photo there is. */
const PHOTO_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

let clock = new Date('2026-11-27T02:00:00Z');
const env = { TOKEN_SIGNING_KEYS, CODE_URL_PREFIX: PREFIX };
const call = callerOf(testPlatform({ clock: () => clock, env }));
let emulator: RunningEmulator;
/** `cloud://<env>.<bucket>/`: file ids of this emulator are this and the cloud path. */
let fileIdPrefix: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  const grantedAt = new Date();
  await database().collection(COLLECTIONS.roles).doc(STAFF).set({ staff: { district: '松江区', grantedAt, grantedBy: 'admin' } });
  await database().collection(COLLECTIONS.roles).doc(GUARD).set({ guard: { checkpointId: 'cp-1', checkpointName: '东门', grantedAt, grantedBy: 'admin' } });
  const { fileID } = await cloudbase().uploadFile({ cloudPath: 'probe.txt', fileContent: Buffer.from('probe') });
  fileIdPrefix = fileID.slice(0, -'probe.txt'.length);
});
afterAll(() => emulator.close());

let people = 0;
async function printedPass(): Promise<StaffPassView> {
  const idNumber = syntheticIdNumber(700 + ++people);
  const answer = await call('staff', { action: 'issuePrintedPass', name: '王秀英', idNumber, reason: '本人无智能手机，持身份证到社区办理' }, STAFF);
  return dataOf(answer).pass;
}

const print = (passId: string, openid = STAFF, reason = '居民到柜台领取卡片') => call('staff', { action: 'printCard', passId, reason }, openid);
const verify = (scanned: string) => call('guard', { action: 'verify', scanned, checkpointId: 'cp-1' }, GUARD);

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

/** The text of the QR the card PDF at `url` really draws. */
async function scannedFrom(url: string): Promise<string> {
  const { page } = await singlePage(await download(url));
  return decodeCardQr(page).text;
}

async function cardPrints(passId: string): Promise<AuditEntry[]> {
  const { data } = await database().collection(COLLECTIONS.audit).where({ 'target.id': passId, action: 'card.print' }).limit(100).get();
  return data as AuditEntry[];
}

async function storedFile(cloudPath: string): Promise<boolean> {
  const { fileList } = await cloudbase().getTempFileURL({ fileList: [{ fileID: fileIdPrefix + cloudPath, maxAge: 60 }] });
  return fileList[0]?.code === 'SUCCESS';
}

describe('printCard', () => {
  test('prints the current card: one A4 page whose QR holds a card code of the current serial, which a guard passes', async () => {
    const pass = await printedPass();
    const answer = dataOf(await print(pass.passId));
    const issuedAt = clock.getTime() / 1000;
    expect(answer).toEqual({ url: expect.any(String), serial: 1, expiresAt: (issuedAt + 365 * DAY_SECONDS) * 1000 });

    const pdf = await download(answer.url);
    const { pageCount, page, size } = await singlePage(pdf);
    expect(pageCount).toBe(1);
    expect(size.width).toBeCloseTo(A4.width, 1);
    expect(size.height).toBeCloseTo(A4.height, 1);
    const qr = decodeCardQr(page);
    expect(qr.version).toBeLessThanOrEqual(QR_VERSION_BUDGET);
    // Large on the card: the quiet zone included, most of an A6 card's 105 mm width.
    expect(qr.side / MM).toBeGreaterThan(70);

    // Lettered in Chinese, as a PDF reader extracts it.
    const { lines, fonts } = cardLettering(page);
    expect(lines).toEqual([
      '沿虚线剪下',
      '通行 电子通行证（纸质）',
      '无照片',
      '姓名 王*英',
      `证件号码 ${pass.idMasked}`,
      '有效期至 2027-11-27',
      '卡片序号 1',
      '请妥善保管；补办后旧卡作废',
    ]);
    const [font, ...otherFonts] = fonts;
    expect(otherFonts).toEqual([]);
    for (const character of '王英') {
      // Outlines, not blanks: what fontkit's own subsetting made of CJK glyphs (Hopding/pdf-lib#1232).
      expect(font.glyphForCodePoint(character.codePointAt(0) as number).path.toSVG()).toMatch(/^M/);
    }
    // This card's characters only, not the 20,000 the function ships: the file stays small.
    expect(font.characterSet).not.toContain('李'.codePointAt(0));
    expect(font.numGlyphs).toBeLessThan(60);
    expect(pdf.length).toBeLessThan(40_000);

    const token = extractToken(qr.text, PREFIX);
    if (!token.ok) throw new Error(`the card's QR is not ours: ${qr.text}`);
    const verdict = verifyToken(token.token, verifyingKeys, issuedAt, 30);
    expect(verdict).toMatchObject({
      ok: true,
      claims: { passRef: pass.passId, kind: 'card', cardSerial: 1, issuedAt, expiresAt: issuedAt + 365 * DAY_SECONDS, colour: pass.colour },
    });
    expect(dataOf(await verify(qr.text))).toMatchObject({ verdict: 'PASS', person: { nameMasked: '王*英', photo: null } });

    const [entry, ...more] = await cardPrints(pass.passId);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actor: { openid: STAFF, roles: ['resident', 'staff'] },
      reason: '居民到柜台领取卡片',
      details: { serial: 1, expiresAt: new Date(answer.expiresAt).toISOString(), photo: false },
    });
    // The code is a credential: the log says a card was printed, never what it holds.
    expect(JSON.stringify(entry)).not.toContain(token.token);
    expect(await storedFile(`cards/${pass.passId}/1.pdf`)).toBe(true);
  });

  test('a reprint revokes the printed card; printing again gives the new serial, which passes', async () => {
    const pass = await printedPass();
    const first = dataOf(await print(pass.passId));
    const firstScan = await scannedFrom(first.url);
    expect(dataOf(await verify(firstScan)).verdict).toBe('PASS');

    dataOf(await call('staff', { action: 'reprintCard', passId: pass.passId, reason: '卡片遗失，本人持身份证补办' }, STAFF));
    expect(dataOf(await verify(firstScan)).verdict).toBe('REVOKED');

    const second = dataOf(await print(pass.passId));
    expect(second.serial).toBe(2);
    const secondScan = await scannedFrom(second.url);
    expect(dataOf(await verify(secondScan)).verdict).toBe('PASS');
    expect(dataOf(await verify(firstScan)).verdict).toBe('REVOKED');
    expect((await cardPrints(pass.passId)).map((entry) => entry.details.serial)).toEqual([1, 2]);
  });

  test('a pass held by a WeChat account has no card: INVALID_STATE, and nothing is stored or logged', async () => {
    const applied = dataOf(await call('resident', { action: 'apply', name: '李四', idNumber: syntheticIdNumber(699) }, RESIDENT));
    const passId = applied.pass.passId;
    expect(await print(passId)).toMatchObject({ ok: false, code: 'INVALID_STATE', message: expect.stringContaining('没有纸质卡片') });
    expect(await cardPrints(passId)).toEqual([]);
    expect(await storedFile(`cards/${passId}/1.pdf`)).toBe(false);
  });

  test('a cancelled pass gets no card, and an unknown pass is NOT_FOUND', async () => {
    const pass = await printedPass();
    dataOf(await call('staff', { action: 'cancelPass', passId: pass.passId, reason: '本人已迁出本市' }, STAFF));
    expect(await print(pass.passId)).toMatchObject({ ok: false, code: 'INVALID_STATE', message: expect.stringContaining('注销') });
    expect(await print('no-such-pass')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await cardPrints(pass.passId)).toEqual([]);
    expect(await storedFile(`cards/${pass.passId}/1.pdf`)).toBe(false);
  });

  test('the photo on file is printed on the card; a damaged one is left out and the card still prints', async () => {
    for (const [photo, printed] of [[PHOTO_PNG, true], [Buffer.concat([PHOTO_PNG.subarray(0, 16), Buffer.alloc(40)]), false]] as const) {
      const pass = await printedPass();
      const { fileID } = await cloudbase().uploadFile({ cloudPath: `photos/test/${pass.passId}.png`, fileContent: photo });
      await database().collection(COLLECTIONS.passes).doc(pass.passId).update({ photo: fileID });

      const answer = dataOf(await print(pass.passId));
      const pdf = Buffer.from(await download(answer.url)).toString('latin1');
      expect(/\/Subtype\s*\/Image/.test(pdf)).toBe(printed);
      expect((await cardPrints(pass.passId))[0].details.photo).toBe(printed);
    }
  });

  test('a character the font lacks prints as *, like the masked ones', async () => {
    const content = { nameMasked: '𠮷*英', idMasked: '1101**********4477', serial: 1, validFrom: clock, validUntil: clock, codeUrl: `${PREFIX}x`, photo: null };
    const { page } = await singlePage((await renderCardPdf(content, await cardFont())).pdf);
    expect(cardLettering(page).lines).toContain('姓名 **英');
  });

  test('only staff and admins print, and only with a reason', async () => {
    const pass = await printedPass();
    expect(await print(pass.passId, RESIDENT)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await print(pass.passId, GUARD)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await print(pass.passId, STAFF, '')).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await print(pass.passId, STAFF, `核对身份证 ${syntheticIdNumber(1)}`)).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
    expect(await cardPrints(pass.passId)).toEqual([]);
  });

  test('the card lifetime comes from CARD_LIFETIME_DAYS', async () => {
    const shortLived = callerOf(testPlatform({ clock: () => clock, env: { ...env, CARD_LIFETIME_DAYS: '30' } }));
    const pass = await printedPass();
    clock = new Date(clock.getTime() + 3_600_000);
    const answer = dataOf(await shortLived('staff', { action: 'printCard', passId: pass.passId, reason: '居民到柜台领取卡片' }, STAFF));
    expect(answer.expiresAt).toBe(clock.getTime() + 30 * DAY_SECONDS * 1000);
  });
});
