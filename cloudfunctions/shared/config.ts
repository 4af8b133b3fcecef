import { z } from 'zod';
import type { FeedPartner } from './domain/feed-auth';
import { parseFeedPartners } from './domain/feed-partners';
import { parseKeyRing, type KeyRing } from './domain/token';
import { createIdProtector, parseIdProtectionKeys, type IdProtector } from './privacy';

/** Deployment configuration, from the function's environment variables (cloudbaserc.json envVariables). */
export interface FunctionConfig {
  /** Openids of administrators (comma separated in ADMIN_OPENIDS). */
  adminOpenids: ReadonlySet<string>;
  /** Hashing and sealing of ID numbers (ID_HASH_KEY, ID_ENCRYPTION_KEYS); built on first use, so functions that never touch an ID number need no keys. */
  idProtector(): IdProtector;
  /** Partner systems allowed to push records (FEED_PARTNERS), by key id; built on first use. */
  feedPartners(): ReadonlyMap<string, FeedPartner>;
  /** Keys that sign and verify pass tokens (TOKEN_SIGNING_KEYS, docs/token-format.md); built on first use. */
  tokenKeys(): KeyRing;
  /** The https prefix of the URL a code's QR holds (CODE_URL_PREFIX); checked where it is used (tokenUrl, extractToken). */
  codeUrlPrefix: string;
  /** How long a phone code is valid, in seconds (CODE_LIFETIME_SECONDS, 30 to 3600, default 180); read on first use. */
  codeLifetimeSeconds(): number;
  /** How long a printed card's code is valid, in days (CARD_LIFETIME_DAYS, 1 to 3650, default 365); read on first use. */
  cardLifetimeDays(): number;
}

const OPENID_LIST = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

/** Long enough to cross a gate with a slow network, short enough that a screenshot is soon useless. */
const CODE_LIFETIME_SECONDS = z.coerce.number().int().min(30).max(3600).default(180);
/**
 * A year by default: a card is replaced when lost (the reprint revokes it), not when it expires, and a key can
 * be retired on routine rotation only once its cards have expired. Ten years at most, like an ID card.
 */
const CARD_LIFETIME_DAYS = z.coerce.number().int().min(1).max(3650).default(365);

export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): FunctionConfig {
  return {
    adminOpenids: new Set(OPENID_LIST.parse(env.ADMIN_OPENIDS)),
    idProtector: once(() => createIdProtector(parseIdProtectionKeys(env))),
    feedPartners: once(() => parseFeedPartners(env.FEED_PARTNERS)),
    tokenKeys: once(() => {
      if (!env.TOKEN_SIGNING_KEYS) throw new Error('TOKEN_SIGNING_KEYS is not set: codes can be neither signed nor verified');
      return parseKeyRing(env.TOKEN_SIGNING_KEYS);
    }),
    codeUrlPrefix: env.CODE_URL_PREFIX || 'https://txm.example.cn/v/',
    codeLifetimeSeconds: once(() => CODE_LIFETIME_SECONDS.parse(env.CODE_LIFETIME_SECONDS || undefined)),
    cardLifetimeDays: once(() => CARD_LIFETIME_DAYS.parse(env.CARD_LIFETIME_DAYS || undefined)),
  };
}
