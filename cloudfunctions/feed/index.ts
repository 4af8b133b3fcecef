import { authenticateFeedRequest, type FeedAuthRefusal } from '../shared/domain/feed-auth';
import { BATCH } from '../shared/domain/feed-records';
import { AppError } from '../shared/errors';
import { ingestBatch } from '../shared/feed-ingest';
import { cloudPlatform, type Platform } from '../shared/handler';
import { httpFunction, type HttpEvent } from '../shared/http';
import { COLLECTIONS } from '../shared/schema';

/** The path the HTTP access service mounts this function on (cloudbaserc.json and the emulator agree). */
export const FEED_MOUNT_PATH = '/feed';

/** A nonce is remembered a little longer than a timestamp stays acceptable, so no replay can slip between. */
const NONCE_MEMORY_MS = 11 * 60_000;

const REFUSAL_CODES: Record<FeedAuthRefusal, 'INVALID_REQUEST' | 'UNAUTHENTICATED'> = {
  MISSING_HEADERS: 'INVALID_REQUEST',
  UNKNOWN_KEY: 'UNAUTHENTICATED',
  STALE_TIMESTAMP: 'UNAUTHENTICATED',
  BAD_SIGNATURE: 'UNAUTHENTICATED',
};

function bodyText(request: HttpEvent): string {
  return request.isBase64Encoded ? Buffer.from(request.body, 'base64').toString('utf8') : request.body;
}

/** Partner systems (health commission, police, telecom) over CloudBase's HTTP access service. */
export const createFeed = (platform: Platform) =>
  httpFunction(
    'feed',
    FEED_MOUNT_PATH,
    {
      // Partners sign requests with a timestamp; this lets them check their clock against ours first.
      'GET /status': async (_request, _platform, now) => ({ serverTime: now.getTime() }),

      'POST /records': async (request, runtime, now) => {
        const body = bodyText(request);
        const lowerHeaders = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
        // Authenticated before anything is parsed or read; the nonce is spent only by correctly signed requests.
        const auth = authenticateFeedRequest({ method: request.httpMethod, path: request.path, headers: lowerHeaders, body }, runtime.config().feedPartners(), Math.floor(now.getTime() / 1000));
        if (!auth.ok) throw new AppError(REFUSAL_CODES[auth.refusal], auth.message);
        const db = runtime.db();
        try {
          await db.collection(COLLECTIONS.feedNonces).add({ _id: `${auth.partner.keyId}:${auth.nonce}`, expiresAt: new Date(now.getTime() + NONCE_MEMORY_MS) });
        } catch {
          throw new AppError('UNAUTHENTICATED', 'this nonce was already used: every request needs a fresh nonce');
        }

        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          throw new AppError('INVALID_REQUEST', 'the body must be JSON: { "source": "health" | "identity" | "travel", "records": [...] }');
        }
        const batch = BATCH.safeParse(json);
        if (!batch.success) throw new AppError('INVALID_REQUEST', batch.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
        if (!auth.partner.sources.includes(batch.data.source)) {
          throw new AppError('FORBIDDEN', `key ${auth.partner.keyId} may not push ${batch.data.source} records`);
        }
        const results = await ingestBatch({ db, protector: runtime.config().idProtector(), partner: auth.partner, source: batch.data.source, now }, batch.data.records);
        const count = (outcome: string) => results.filter((result) => result.outcome === outcome).length;
        return { results, summary: { accepted: count('accepted'), duplicate: count('duplicate'), rejected: count('rejected') } };
      },
    },
    platform,
  );

export const main = createFeed(cloudPlatform);
