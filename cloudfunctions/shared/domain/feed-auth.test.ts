import { randomBytes } from 'node:crypto';
import { authenticateFeedRequest, FEED_HEADERS, MAX_CLOCK_SKEW_SECONDS, signRequest, type FeedPartner } from './feed-auth';

const partner: FeedPartner = { keyId: 'health-1', sources: ['health'], secret: randomBytes(32) };
const partners = new Map([[partner.keyId, partner]]);
const now = 1_795_770_000;
const body = JSON.stringify({ source: 'health', records: [] });

function signed(overrides: { timestamp?: number; body?: string; path?: string; secret?: Buffer; nonce?: string } = {}) {
  const timestamp = String(overrides.timestamp ?? now);
  const nonce = overrides.nonce ?? 'n0nce-0123456789abcdef';
  const signature = signRequest(overrides.secret ?? partner.secret, 'POST', '/feed/records', timestamp, nonce, body);
  return {
    method: 'POST',
    path: overrides.path ?? '/feed/records',
    body: overrides.body ?? body,
    headers: { [FEED_HEADERS.keyId]: partner.keyId, [FEED_HEADERS.timestamp]: timestamp, [FEED_HEADERS.nonce]: nonce, [FEED_HEADERS.signature]: signature },
  };
}

describe('feed request authentication', () => {
  test('a correctly signed request is accepted with its partner and nonce', () => {
    expect(authenticateFeedRequest(signed(), partners, now)).toMatchObject({ ok: true, partner, nonce: 'n0nce-0123456789abcdef' });
  });

  test('the clock may differ by up to 5 minutes either way, not more', () => {
    expect(authenticateFeedRequest(signed({ timestamp: now - MAX_CLOCK_SKEW_SECONDS }), partners, now).ok).toBe(true);
    expect(authenticateFeedRequest(signed({ timestamp: now + MAX_CLOCK_SKEW_SECONDS }), partners, now).ok).toBe(true);
    expect(authenticateFeedRequest(signed({ timestamp: now - MAX_CLOCK_SKEW_SECONDS - 1 }), partners, now)).toMatchObject({ refusal: 'STALE_TIMESTAMP' });
    expect(authenticateFeedRequest(signed({ timestamp: now + MAX_CLOCK_SKEW_SECONDS + 1 }), partners, now)).toMatchObject({ refusal: 'STALE_TIMESTAMP' });
  });

  test('an altered body, path, or a signature with another secret is refused', () => {
    expect(authenticateFeedRequest(signed({ body: `${body} ` }), partners, now)).toMatchObject({ refusal: 'BAD_SIGNATURE' });
    expect(authenticateFeedRequest(signed({ path: '/feed/other' }), partners, now)).toMatchObject({ refusal: 'BAD_SIGNATURE' });
    expect(authenticateFeedRequest(signed({ secret: randomBytes(32) }), partners, now)).toMatchObject({ refusal: 'BAD_SIGNATURE' });
  });

  test('missing or malformed headers and unknown keys are refused before any signature work', () => {
    const request = signed();
    for (const header of Object.values(FEED_HEADERS)) {
      const headers = { ...request.headers, [header]: undefined };
      expect(authenticateFeedRequest({ ...request, headers }, partners, now)).toMatchObject({ refusal: 'MISSING_HEADERS' });
    }
    expect(authenticateFeedRequest(signed({ nonce: 'short' }), partners, now)).toMatchObject({ refusal: 'MISSING_HEADERS' });
    const unknown = { ...request, headers: { ...request.headers, [FEED_HEADERS.keyId]: 'police-9' } };
    expect(authenticateFeedRequest(unknown, partners, now)).toMatchObject({ refusal: 'UNKNOWN_KEY' });
  });
});
