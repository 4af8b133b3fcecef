import { z } from 'zod';
import type { FeedPartner } from './domain/feed-auth';
import { parseFeedPartners } from './domain/feed-partners';
import { createIdProtector, parseIdProtectionKeys, type IdProtector } from './privacy';

/** Deployment configuration, from the function's environment variables (cloudbaserc.json envVariables). */
export interface FunctionConfig {
  /** Openids of administrators (comma separated in ADMIN_OPENIDS). */
  adminOpenids: ReadonlySet<string>;
  /** Hashing and sealing of ID numbers (ID_HASH_KEY, ID_ENCRYPTION_KEYS); built on first use, so functions that never touch an ID number need no keys. */
  idProtector(): IdProtector;
  /** Partner systems allowed to push records (FEED_PARTNERS), by key id; built on first use. */
  feedPartners(): ReadonlyMap<string, FeedPartner>;
}

const OPENID_LIST = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): FunctionConfig {
  return {
    adminOpenids: new Set(OPENID_LIST.parse(env.ADMIN_OPENIDS)),
    idProtector: once(() => createIdProtector(parseIdProtectionKeys(env))),
    feedPartners: once(() => parseFeedPartners(env.FEED_PARTNERS)),
  };
}
