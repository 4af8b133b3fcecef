import { passDocument } from '../../../test/support/pass-document';
import { keptPhotoUrl, photoFields, photoLink, PHOTO_LINK_MARGIN_MS, PHOTO_LINK_SECONDS } from './photo-link';

const PHOTO = 'cloud://env.bucket/photos/p/id-1-v1.jpg';
const asked = new Date('2026-11-27T02:00:00Z');
const link = photoLink(PHOTO, 'https://tmp.example/p.jpg?sign=1', asked);
const at = (ms: number) => new Date(asked.getTime() + ms);

describe('the photo link kept on a pass', () => {
  test('lives the maxAge asked of storage, timed from before the request; a few hours at most', () => {
    expect(link.until.getTime() - asked.getTime()).toBe(PHOTO_LINK_SECONDS * 1000);
    expect(PHOTO_LINK_SECONDS).toBeLessThanOrEqual(4 * 60 * 60);
    expect(PHOTO_LINK_SECONDS * 1000).toBeGreaterThan(4 * PHOTO_LINK_MARGIN_MS);
  });

  test('is handed out while it has the margin to live, not after', () => {
    const pass = passDocument({ photo: PHOTO, photoLink: link });
    const lastUse = PHOTO_LINK_SECONDS * 1000 - PHOTO_LINK_MARGIN_MS;
    expect(keptPhotoUrl(pass, asked)).toBe(link.url);
    expect(keptPhotoUrl(pass, at(lastUse))).toBe(link.url);
    expect(keptPhotoUrl(pass, at(lastUse + 1))).toBeUndefined();
  });

  test('never for another photo, nor when there is none or no link', () => {
    expect(keptPhotoUrl(passDocument({ photo: 'cloud://env.bucket/photos/p/id-1-v2.jpg', photoLink: link }), asked)).toBeUndefined();
    expect(keptPhotoUrl(passDocument({ photo: null, photoLink: link }), asked)).toBeUndefined();
    expect(keptPhotoUrl(passDocument({ photo: PHOTO, photoLink: null }), asked)).toBeUndefined();
    expect(keptPhotoUrl(passDocument({ photo: PHOTO }), asked)).toBeUndefined();
  });

  test('setting a photo drops the link', () => {
    expect(photoFields(PHOTO)).toEqual({ photo: PHOTO, photoLink: null });
  });
});
