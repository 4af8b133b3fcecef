import { z } from 'zod';
import type { FeedPartner } from './domain/feed-auth';
import { parseFeedPartners } from './domain/feed-partners';
import { deriveOneTimeCodeKey, type OneTimeCodeKey } from './domain/one-time-code';
import type { SubscriptionTemplates } from './domain/subscription';
import { parseKeyRing, type KeyRing } from './domain/token';
import { createIdProtector, parseIdHashKey, parseIdProtectionKeys, type IdProtector } from './privacy';
import { localIdentityVerifier, weChatApiClient, weChatIdentityVerifier, type IdentityVerifier } from './identity-verifier';
import { localCodeMaker, openApiCodeMaker, openApiMessageSender, wxOpenApi, type MessageSender, type MiniProgramCodeMaker } from './wechat';

/** Deployment configuration, from the function's environment variables (cloudbaserc.json envVariables). */
export interface FunctionConfig {
  /** Openids of administrators (comma separated in ADMIN_OPENIDS). */
  adminOpenids: ReadonlySet<string>;
  /** Hashing and sealing of ID numbers (ID_HASH_KEY, ID_ENCRYPTION_KEYS); built on first use, so functions that never touch an ID number need no keys. */
  idProtector(): IdProtector;
  /**
   * The key of one-time codes' stored hashes, derived from ID_HASH_KEY rather than a variable of its own: that
   * key already reaches exactly the functions that issue and redeem codes (resident, staff) and is kept with the
   * backups, so a second secret would add deploy and backup work for values that live minutes to days. HKDF's
   * label keeps the two uses apart, and the label's version rotates the code key alone. Built on first use.
   */
  oneTimeCodeKey(): OneTimeCodeKey;
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
  /**
   * Mini-program codes (venue posters): wxacode.getUnlimited when WECHAT_OPENAPI=1, else a plain QR of a link
   * under CODE_URL_PREFIX. MINIPROGRAM_VERSION (release, trial, develop; default release) is the version opened.
   */
  codeMaker(): MiniProgramCodeMaker;
  /**
   * Subscription messages with their templates (SUBSCRIBE_TEMPLATE_COLOUR, SUBSCRIBE_TEMPLATE_APPEAL_REPLY,
   * SUBSCRIBE_TEMPLATE_APPEAL_REQUEST, all required) when WECHAT_OPENAPI=1; null otherwise, and notices are only
   * recorded. Read on first use.
   */
  subscriptionMessages(): { sender: MessageSender; templates: SubscriptionTemplates } | null;
  /**
   * Real-name face verification before `apply` (FACE_VERIFICATION): `wechat` (face verification 2.0 with
   * WECHAT_APPID and WECHAT_APPSECRET; WECHAT_API_BASE for a fixed-IP proxy), `local` (approves without a scan:
   * npm start only) or `off` (the default: WeChat opens it only to some mini-program categories). Null when off.
   */
  faceVerifier(): IdentityVerifier | null;
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

const WECHAT_OPENAPI = z.enum(['0', '1']).default('0');
const MINIPROGRAM_VERSION = z.enum(['release', 'trial', 'develop']).default('release');
const FACE_VERIFICATION = z.enum(['off', 'local', 'wechat']).default('off');
const WECHAT_API_BASE = z.url({ protocol: /^https?$/ }).default('https://api.weixin.qq.com');
/** Two calls (token, then the API) must fit in the resident function's timeout (cloudbaserc.json). */
const WECHAT_TIMEOUT_MS = 3000;

export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): FunctionConfig {
  /** Variable `name` by `schema`; set but empty counts as unset (the schema's default). */
  const setting = <T>(schema: z.ZodType<T>, name: string): T => schema.parse(env[name] || undefined);
  /** Variable `name`, trimmed, which the setting `neededBy` cannot do without. */
  const required = (name: string, neededBy: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`${name} is not set: ${neededBy}`);
    return value;
  };
  const wechatOpenApi = setting(WECHAT_OPENAPI, 'WECHAT_OPENAPI') === '1';
  const version = once(() => setting(MINIPROGRAM_VERSION, 'MINIPROGRAM_VERSION'));
  const codeUrlPrefix = env.CODE_URL_PREFIX || 'https://txm.example.cn/v/';
  return {
    adminOpenids: new Set(OPENID_LIST.parse(env.ADMIN_OPENIDS)),
    idProtector: once(() => createIdProtector(parseIdProtectionKeys(env))),
    oneTimeCodeKey: once(() => deriveOneTimeCodeKey(parseIdHashKey(env))),
    feedPartners: once(() => parseFeedPartners(env.FEED_PARTNERS)),
    tokenKeys: once(() => {
      if (!env.TOKEN_SIGNING_KEYS) throw new Error('TOKEN_SIGNING_KEYS is not set: codes can be neither signed nor verified');
      return parseKeyRing(env.TOKEN_SIGNING_KEYS);
    }),
    codeUrlPrefix,
    codeLifetimeSeconds: once(() => setting(CODE_LIFETIME_SECONDS, 'CODE_LIFETIME_SECONDS')),
    cardLifetimeDays: once(() => setting(CARD_LIFETIME_DAYS, 'CARD_LIFETIME_DAYS')),
    codeMaker: once(() =>
      wechatOpenApi ? openApiCodeMaker(wxOpenApi, version()) : localCodeMaker(codeUrlPrefix),
    ),
    subscriptionMessages: once(() => {
      if (!wechatOpenApi) return null;
      const template = (name: string) => required(name, 'WECHAT_OPENAPI=1 sends subscription messages with it');
      const templates = {
        colourChanged: template('SUBSCRIBE_TEMPLATE_COLOUR'),
        appealReply: template('SUBSCRIBE_TEMPLATE_APPEAL_REPLY'),
        appealRequest: template('SUBSCRIBE_TEMPLATE_APPEAL_REQUEST'),
      };
      return { sender: openApiMessageSender(wxOpenApi, version()), templates };
    }),
    faceVerifier: once(() => {
      const mode = setting(FACE_VERIFICATION, 'FACE_VERIFICATION');
      if (mode === 'off') return null;
      if (mode === 'local') return localIdentityVerifier();
      const [appId, appSecret] = ['WECHAT_APPID', 'WECHAT_APPSECRET'].map((name) => required(name, 'FACE_VERIFICATION=wechat gets its access token with it'));
      const baseUrl = setting(WECHAT_API_BASE, 'WECHAT_API_BASE').replace(/\/$/, '');
      return weChatIdentityVerifier(weChatApiClient({ appId, appSecret }, { baseUrl, timeoutMs: WECHAT_TIMEOUT_MS }));
    }),
  };
}
