import { createCron } from '../../cloudfunctions/cron';
import { cloudbase, database } from '../../cloudfunctions/shared/cloudbase';
import type { AuditEntry } from '../../cloudfunctions/shared/domain/audit';
import { POSTER_INSTRUCTION } from '../../cloudfunctions/shared/domain/venue-poster';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import type { CheckInDocument, VenueDocument } from '../../cloudfunctions/shared/venues';
import { localCodeText } from '../../cloudfunctions/shared/wechat';
import { invocationContext } from '../../emulator/runtime';
import type { RunningEmulator } from '../../emulator/server';
import { callerOf, dataOf } from '../support/call';
import { cardLettering, decodeCardQr, singlePage } from '../support/card-qr';
import { startTestEmulator } from '../support/emulator';
import { openidFor, syntheticIdNumber } from '../support/people';
import { testPlatform } from '../support/platform';
import { generateSigningKeyConfig } from '../../cloudfunctions/shared/domain/token';

const STAFF = openidFor('venue-staff');
const RESIDENT = openidFor('venue-resident');
const PREFIX = 'https://txm.example.cn/v/';
const DAY = 86_400_000;
let clock = new Date('2026-11-27T02:00:00Z');
const platform = testPlatform({ clock: () => clock, env: { TOKEN_SIGNING_KEYS: generateSigningKeyConfig('0001'), CODE_URL_PREFIX: PREFIX } });
const call = callerOf(platform);
const cron = createCron(platform);
const sweep = () => cron({ Type: 'Timer', TriggerName: 'sweep', Time: clock.toISOString() }, invocationContext('cron', { triggerSource: 'timer' }));

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
  await database().collection(COLLECTIONS.roles).doc(STAFF).set({ staff: { district: '松江区', grantedAt: clock, grantedBy: 'test' } });
});
afterAll(() => emulator.close());

const register = async (name: string, extra: { address?: string; checkpointId?: string } = {}) =>
  dataOf(await call('staff', { action: 'registerVenue', name, district: '松江区', ...extra }, STAFF)).venue;
const storedVenue = async (venueId: string) => (await database().collection(COLLECTIONS.venues).doc(venueId).get()).data[0] as VenueDocument;
const checkInsOf = async (openid: string) => (await database().collection(COLLECTIONS.checkIns).where({ openid }).orderBy('at', 'asc').get()).data as CheckInDocument[];

describe('venues and their posters', () => {
  test('staff register a venue: listed, audited, its id a scene WeChat accepts', async () => {
    const venue = await register('松江万达广场', { address: '广富林路658号', checkpointId: 'cp-7' });
    expect(venue).toEqual({
      venueId: expect.stringMatching(/^[0-9A-Za-z_-]{11}$/),
      name: '松江万达广场',
      district: '松江区',
      address: '广富林路658号',
      checkpointId: 'cp-7',
      registeredAt: clock.getTime(),
      posterReady: false,
    });
    expect(dataOf(await call('staff', { action: 'venues', district: '松江区' }, STAFF)).venues).toContainEqual(venue);
    expect(dataOf(await call('staff', { action: 'venues', district: '闵行区' }, STAFF)).venues).toEqual([]);
    const { data } = await database().collection(COLLECTIONS.audit).where({ action: 'venue.register', 'target.id': venue.venueId }).get();
    expect(data as AuditEntry[]).toEqual([expect.objectContaining({ actor: { openid: STAFF, roles: ['resident', 'staff'] }, details: { name: '松江万达广场', district: '松江区' } })]);
    expect(await call('resident', { action: 'checkIn', scene: venue.venueId }, STAFF)).toMatchObject({ ok: false, code: 'NO_PASS' });
  });

  test('the poster is one A4 page with the name, the instruction and a QR that decodes to the venue link with its scene; made once and stored', async () => {
    const venue = await register('岳阳街道社区卫生服务中心');
    const first = dataOf(await call('staff', { action: 'venuePoster', venueId: venue.venueId }, STAFF));
    const pdf = new Uint8Array(await (await fetch(first.url)).arrayBuffer());
    const { pageCount, page, size } = await singlePage(pdf);
    expect(pageCount).toBe(1);
    expect([Math.round(size.width), Math.round(size.height)]).toEqual([595, 842]);
    const qr = decodeCardQr(page);
    expect(qr.text).toBe(localCodeText(PREFIX, venue.venueId));
    expect(new URL(qr.text).searchParams.get('scene')).toBe(venue.venueId);
    expect(cardLettering(page).lines).toEqual(['场所码', '岳阳街道社区卫生服务中心', '松江区', POSTER_INSTRUCTION]);

    const stored = await storedVenue(venue.venueId);
    expect(stored.poster).toEqual({ fileId: expect.stringContaining(`venues/${venue.venueId}/`), madeAt: clock });
    // A later request answers the stored file: no new code is drawn, no new file is stored.
    clock = new Date(clock.getTime() + 60_000);
    const second = dataOf(await call('staff', { action: 'venuePoster', venueId: venue.venueId }, STAFF));
    expect(await storedVenue(venue.venueId)).toEqual(stored);
    expect(Buffer.from(await (await fetch(second.url)).arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
    const { fileList } = await cloudbase().getTempFileURL({ fileList: [{ fileID: stored.poster?.fileId.replace(/\d+\.pdf$/, `${clock.getTime()}.pdf`) ?? '', maxAge: 60 }] });
    expect(fileList[0]?.code).not.toBe('SUCCESS');
    expect(dataOf(await call('staff', { action: 'venues' }, STAFF)).venues.find((item) => item.venueId === venue.venueId)?.posterReady).toBe(true);
    expect(await call('staff', { action: 'venuePoster', venueId: 'no-such-venue' }, STAFF)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  test('a scan records a check-in with the pass and never changes the colour; the sweep removes those older than 14 days', async () => {
    const venue = await register('醉白池公园');
    const { pass } = dataOf(await call('resident', { action: 'apply', name: '李四', idNumber: syntheticIdNumber(811) }, RESIDENT));
    const passBefore = (await database().collection(COLLECTIONS.passes).doc(pass.passId).get()).data[0];

    const old = dataOf(await call('resident', { action: 'checkIn', scene: venue.venueId }, RESIDENT));
    expect(old).toEqual({ venueName: '醉白池公园', at: clock.getTime() });
    clock = new Date(clock.getTime() + 10 * DAY);
    dataOf(await call('resident', { action: 'checkIn', scene: venue.venueId }, RESIDENT));
    expect((await checkInsOf(RESIDENT)).map(({ venueId, venueName, passId, at }) => ({ venueId, venueName, passId, at: at.getTime() }))).toEqual([
      { venueId: venue.venueId, venueName: '醉白池公园', passId: pass.passId, at: old.at },
      { venueId: venue.venueId, venueName: '醉白池公园', passId: pass.passId, at: clock.getTime() },
    ]);
    expect((await database().collection(COLLECTIONS.passes).doc(pass.passId).get()).data[0]).toEqual(passBefore);
    expect(await call('resident', { action: 'checkIn', scene: 'unknown' }, RESIDENT)).toMatchObject({ ok: false, code: 'NOT_FOUND' });

    clock = new Date(old.at + 14 * DAY - 1);
    dataOf(await sweep());
    expect(await checkInsOf(RESIDENT)).toHaveLength(2);
    clock = new Date(old.at + 14 * DAY + 1);
    dataOf(await sweep());
    expect((await checkInsOf(RESIDENT)).map((record) => record.at.getTime())).toEqual([old.at + 10 * DAY]);
  });
});
