import { createHash } from 'node:crypto';
import { certHash, VERIFY_PASSED, type CertInfo, type VerificationOutcome } from './domain/face-verification';

/**
 * Real-name face verification behind an interface: WeChat's face verification 2.0 over HTTPS in the cloud
 * (FACE_VERIFICATION=wechat), or locally a stand-in that approves every request (FACE_VERIFICATION=local),
 * since nothing outside WeChat can scan a face against the ID card's photo.
 */
export interface VerificationRequest {
  /** Our out_seq_no, unique per AppID. */
  outSeqNo: string;
  cert: CertInfo;
  openid: string;
}

export interface IdentityVerifier {
  readonly kind: 'wechat' | 'local';
  /** A verify id for wx.requestFacialVerify, bound by WeChat to this person and this openid. */
  start(request: VerificationRequest): Promise<{ verifyId: string; expiresInSeconds: number }>;
  /** What the face scan of `verifyId` came to, asked for the same person and openid. */
  outcome(request: VerificationRequest & { verifyId: string }): Promise<VerificationOutcome>;
}

/** WeChat answered with a non-zero errcode. */
export class WeChatApiError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`${api}: errcode ${errcode} ${errmsg}`);
    this.name = 'WeChatApiError';
  }
}

export interface WeChatAppCredentials {
  appId: string;
  appSecret: string;
}

export interface WeChatHttpOptions {
  /** https://api.weixin.qq.com, or a forward proxy with a fixed egress IP when the AppID's API IP whitelist is on. */
  baseUrl: string;
  /** Per request: a function has seconds, not minutes. */
  timeoutMs: number;
}

/** Access tokens that no longer work: fetch one again and retry the call once. */
const STALE_TOKEN_CODES = new Set([40001, 40014, 42001]);
/** Renew a token this long before WeChat says it expires, so a call in flight never carries a dead one. */
const TOKEN_MARGIN_MS = 300_000;

type WeChatAnswer = Record<string, unknown> & { errcode?: number; errmsg?: string };

/**
 * Server API calls of one mini-program with an access token from AppID and AppSecret (face verification does
 * not support 云调用). The token comes from stable_token, which hands every function instance the same token
 * instead of each new one invalidating the others', and is kept in memory until shortly before it expires.
 */
export function weChatApiClient(credentials: WeChatAppCredentials, options: WeChatHttpOptions) {
  let token: { value: string; renewAt: number } | null = null;

  async function postJson(api: string, url: string, body: unknown): Promise<WeChatAnswer> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) throw new Error(`${api}: HTTP ${response.status}`);
    return (await response.json()) as WeChatAnswer;
  }

  async function accessToken(): Promise<string> {
    if (token && Date.now() < token.renewAt) return token.value;
    const answer = await postJson('stable_token', `${options.baseUrl}/cgi-bin/stable_token`, {
      grant_type: 'client_credential',
      appid: credentials.appId,
      secret: credentials.appSecret,
    });
    if (answer.errcode || typeof answer.access_token !== 'string') throw new WeChatApiError('stable_token', answer.errcode ?? -1, answer.errmsg ?? 'no access_token');
    token = { value: answer.access_token, renewAt: Date.now() + Number(answer.expires_in ?? 7200) * 1000 - TOKEN_MARGIN_MS };
    return token.value;
  }

  return {
    /** POSTs `body` to `path` with the access token; throws WeChatApiError on a non-zero errcode. */
    async post(path: string, body: unknown): Promise<WeChatAnswer> {
      for (let attempt = 1; ; attempt++) {
        const answer = await postJson(path, `${options.baseUrl}${path}?access_token=${encodeURIComponent(await accessToken())}`, body);
        const errcode = answer.errcode ?? 0;
        if (errcode === 0) return answer;
        if (attempt === 1 && STALE_TOKEN_CODES.has(errcode)) {
          token = null;
          continue;
        }
        throw new WeChatApiError(path, errcode, answer.errmsg ?? '');
      }
    },
  };
}

export function weChatIdentityVerifier(client: ReturnType<typeof weChatApiClient>): IdentityVerifier {
  return {
    kind: 'wechat',
    async start({ outSeqNo, cert, openid }) {
      const answer = await client.post('/cityservice/face/identify/getverifyid', {
        out_seq_no: outSeqNo,
        cert_info: { cert_type: 'IDENTITY_CARD', cert_name: cert.name, cert_no: cert.idNumber },
        openid,
      });
      if (typeof answer.verify_id !== 'string') throw new WeChatApiError('getverifyid', -1, 'no verify_id');
      return { verifyId: answer.verify_id, expiresInSeconds: Number(answer.expires_in ?? 3600) };
    },
    async outcome({ outSeqNo, cert, openid, verifyId }) {
      const answer = await client.post('/cityservice/face/identify/queryverifyinfo', { verify_id: verifyId, out_seq_no: outSeqNo, cert_hash: certHash(cert), openid });
      const verifyRet = Number(answer.verify_ret);
      return verifyRet === VERIFY_PASSED ? { passed: true } : { passed: false, verifyRet };
    },
  };
}

/** The local stand-in's verify id: bound to the request as WeChat binds its own, so a mismatch is still caught. */
function localVerifyId({ outSeqNo, cert, openid }: VerificationRequest): string {
  return `local.${createHash('sha256').update(`${outSeqNo}\u0000${certHash(cert)}\u0000${openid}`).digest('base64url')}`;
}

/** ID-card and face do not match: what the stand-in answers when asked about another person or account. */
const LOCAL_MISMATCH = 10003;

/**
 * For `npm start` and tests: approves every face scan without one, and says so in the log (the preview says so
 * on screen). scripts/deploy.ts refuses to deploy it.
 */
export function localIdentityVerifier(log: (line: string) => void = console.info): IdentityVerifier {
  return {
    kind: 'local',
    async start(request) {
      log(`[face-verification:local] ${request.outSeqNo} started; approved without a real face scan`);
      return { verifyId: localVerifyId(request), expiresInSeconds: 3600 };
    },
    async outcome(request) {
      return request.verifyId === localVerifyId(request) ? { passed: true } : { passed: false, verifyRet: LOCAL_MISMATCH };
    },
  };
}
