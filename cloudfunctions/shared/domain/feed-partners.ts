import { z } from 'zod';
import { FEED_SOURCES, type FeedPartner } from './feed-auth';

const PARTNERS = z
  .array(
    z.strictObject({
      keyId: z.string().regex(/^[A-Za-z0-9_.-]{3,40}$/, 'keyId: 3-40 of [A-Za-z0-9_.-]'),
      sources: z.array(z.enum(FEED_SOURCES)).min(1),
      /** base64 of at least 32 random bytes. */
      secret: z.base64().refine((value) => Buffer.from(value, 'base64').length >= 32, 'secret: at least 32 bytes, base64'),
    }),
  )
  .refine((partners) => new Set(partners.map((partner) => partner.keyId)).size === partners.length, 'keyId values must be unique');

/**
 * FEED_PARTNERS: a JSON array `[{ "keyId": "health-1", "sources": ["health"], "secret": "<base64>" }]`.
 * Errors name the field, never the secret.
 */
export function parseFeedPartners(json: string | undefined): ReadonlyMap<string, FeedPartner> {
  if (!json) throw new Error('FEED_PARTNERS is not set: no partner can push records');
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('FEED_PARTNERS is not valid JSON');
  }
  const parsed = PARTNERS.safeParse(value);
  if (!parsed.success) throw new Error(`FEED_PARTNERS: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
  return new Map(parsed.data.map((partner) => [partner.keyId, { keyId: partner.keyId, sources: partner.sources, secret: Buffer.from(partner.secret, 'base64') }]));
}
