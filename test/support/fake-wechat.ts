import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { certHash } from '../../cloudfunctions/shared/domain/face-verification';

/**
 * A stand-in for api.weixin.qq.com's face verification 2.0 and stable_token, on a local port, so the production
 * verifier is tested over real HTTP. WeChat's servers cannot exist here; this fake keeps only what the documents
 * say they check: the access token, out_seq_no and openid of getverifyid, and cert_hash on queryverifyinfo.
 */
export interface FakeWeChat {
  url: string;
  /** What the phone's face scan of `verifyId` came to (verify_ret), as wx.requestFacialVerify would leave it. */
  scan(verifyId: string, verifyRet: number): void;
  /** The next call to `path` answers this errcode instead (e.g. 42001 for an expired token, -1 for busy). */
  failNext(path: string, errcode: number): void;
  /** Every call's path and parsed body, in order. */
  calls: Array<{ path: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

interface Session {
  outSeqNo: string;
  openid: string;
  certHash: string;
  verifyRet?: number;
}

const APP = { appId: 'wx-fake-app', appSecret: 'fake-secret' };
/** Made up for the fake: WeChat answers "an errcode" when cert_hash or openid differ from getverifyid's. */
const FAKE_MISMATCH_ERRCODE = 84004;
const FAKE_NOT_SCANNED_ERRCODE = 84005;

export const FAKE_WECHAT_APP = APP;

export async function startFakeWeChat(): Promise<FakeWeChat> {
  let token = randomBytes(8).toString('hex');
  const sessions = new Map<string, Session>();
  const failures = new Map<string, number>();
  const calls: FakeWeChat['calls'] = [];

  const answer = (body: Record<string, unknown>, url: URL, path: string): Record<string, unknown> => {
    const failure = failures.get(path);
    if (failure !== undefined) {
      failures.delete(path);
      return { errcode: failure, errmsg: 'fake failure' };
    }
    if (path === '/cgi-bin/stable_token') {
      if (body.appid !== APP.appId || body.secret !== APP.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' };
      return { access_token: token, expires_in: 7200 };
    }
    if (url.searchParams.get('access_token') !== token) return { errcode: 40001, errmsg: 'invalid credential' };
    if (path === '/cityservice/face/identify/getverifyid') {
      const cert = body.cert_info as { cert_type: string; cert_name: string; cert_no: string };
      if (cert.cert_type !== 'IDENTITY_CARD' || !/^[0-9A-Za-z_-]{5,32}$/.test(String(body.out_seq_no))) return { errcode: 40097, errmsg: 'invalid args' };
      const verifyId = randomBytes(12).toString('hex');
      sessions.set(verifyId, { outSeqNo: String(body.out_seq_no), openid: String(body.openid), certHash: certHash({ name: cert.cert_name, idNumber: cert.cert_no }) });
      return { errcode: 0, errmsg: 'ok', verify_id: verifyId, expires_in: 3600 };
    }
    if (path === '/cityservice/face/identify/queryverifyinfo') {
      const session = sessions.get(String(body.verify_id));
      if (!session || session.outSeqNo !== body.out_seq_no || session.openid !== body.openid || session.certHash !== body.cert_hash) {
        return { errcode: FAKE_MISMATCH_ERRCODE, errmsg: 'fake: verify id does not match out_seq_no, openid or cert_hash' };
      }
      if (session.verifyRet === undefined) return { errcode: FAKE_NOT_SCANNED_ERRCODE, errmsg: 'fake: no face scan yet' };
      return { errcode: 0, errmsg: 'ok', verify_ret: session.verifyRet };
    }
    return { errcode: 404, errmsg: `fake: no ${path}` };
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      calls.push({ path: url.pathname, body });
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(answer(body, url, url.pathname)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    scan(verifyId, verifyRet) {
      const session = sessions.get(verifyId);
      if (!session) throw new Error(`fake WeChat: no verify id ${verifyId}`);
      session.verifyRet = verifyRet;
    },
    failNext(path, errcode) {
      // An expired token is WeChat's to decide: make the fake's current token stale as well.
      if (errcode === 42001) token = randomBytes(8).toString('hex');
      failures.set(path, errcode);
    },
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
