import { randomBytes } from 'node:crypto';
import { createFeed } from '../../cloudfunctions/feed';
import { FEED_HEADERS, signRequest, type FeedSource } from '../../cloudfunctions/shared/domain/feed-auth';
import type { Platform } from '../../cloudfunctions/shared/handler';
import type { HttpEvent, HttpResponse } from '../../cloudfunctions/shared/http';

export interface TestPartner {
  keyId: string;
  sources: FeedSource[];
  secret: Buffer;
}

/** A partner system with a fresh secret, allowed to push `sources`. */
export function testPartner(keyId: string, sources: FeedSource[]): TestPartner {
  return { keyId, sources, secret: randomBytes(32) };
}

/** FEED_PARTNERS for testPlatform's env. */
export function feedPartnersEnv(...partners: TestPartner[]): string {
  return JSON.stringify(partners.map(({ keyId, sources, secret }) => ({ keyId, sources, secret: secret.toString('base64') })));
}

/** The instant as partners send it: ISO 8601 with an offset. */
export function isoInstant(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

/** What a test may set instead of the honest values, to see a request refused. */
export interface FeedRequestOverrides {
  timestamp?: number;
  nonce?: string;
  body?: string;
}

/** The HTTP access event of a batch signed by `partner` at `now` (a fresh nonce), as the feed function receives it. */
export function signedFeedEvent(partner: Pick<TestPartner, 'keyId' | 'secret'>, payload: unknown, now: Date, overrides: FeedRequestOverrides = {}): HttpEvent {
  const body = overrides.body ?? JSON.stringify(payload);
  const timestamp = String(overrides.timestamp ?? Math.floor(now.getTime() / 1000));
  const nonce = overrides.nonce ?? randomBytes(12).toString('base64url');
  return {
    path: '/feed/records',
    httpMethod: 'POST',
    headers: {
      'Content-Type': 'application/json',
      [FEED_HEADERS.keyId]: partner.keyId,
      [FEED_HEADERS.timestamp]: timestamp,
      [FEED_HEADERS.nonce]: nonce,
      [FEED_HEADERS.signature]: signRequest(partner.secret, 'POST', '/feed/records', timestamp, nonce, body),
    },
    queryStringParameters: {},
    body,
    isBase64Encoded: false,
  };
}

/** Pushes signed batches through the real feed function at the platform's clock; answers the HTTP status and the parsed body. */
export function feedPusher(platform: Platform) {
  const feed = createFeed(platform);
  return async (partner: TestPartner, payload: { source: FeedSource; records: unknown[] }) => {
    const response = (await feed(signedFeedEvent(partner, payload, platform.clock()))) as HttpResponse;
    return { status: response.statusCode, body: JSON.parse(response.body) as { ok: boolean; data?: { summary: Record<string, number> } } };
  };
}

/** The partners that decide colours: health (and identity, for photos) and travel. Fresh secrets per test file. */
export const COLOUR_PARTNERS = {
  health: testPartner('health-test', ['health', 'identity']),
  travel: testPartner('travel-test', ['travel']),
};

/** FEED_PARTNERS naming COLOUR_PARTNERS. */
export const COLOUR_PARTNERS_ENV = feedPartnersEnv(COLOUR_PARTNERS.health, COLOUR_PARTNERS.travel);

const DAY_MS = 86_400_000;

/**
 * Turns a person yellow (arrived from a key area two days ago) or red (a confirmed case) through the real
 * feed function, as the partner systems would; the platform must name COLOUR_PARTNERS_ENV.
 */
export function colourFeeds(platform: Platform) {
  const push = feedPusher(platform);
  return async (idNumber: string, colour: 'yellow' | 'red') => {
    const now = platform.clock();
    const recordId = `${colour}-${randomBytes(6).toString('hex')}`;
    const answer =
      colour === 'red'
        ? await push(COLOUR_PARTNERS.health, { source: 'health', records: [{ recordId, version: 1, idNumber, status: 'confirmed', effectiveAt: isoInstant(now) }] })
        : await push(COLOUR_PARTNERS.travel, {
            source: 'travel',
            records: [{ recordId, version: 1, idNumber, arrivedAt: isoInstant(new Date(now.getTime() - 2 * DAY_MS)), fromRegion: '330302' }],
          });
    if (answer.body.data?.summary.accepted !== 1) throw new Error(`the feed did not accept the record: ${JSON.stringify(answer)}`);
  };
}
