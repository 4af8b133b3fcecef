import type { SubscriptionMessage } from './domain/subscription';

/**
 * WeChat's server APIs (云调用), each behind an interface: in the cloud through wx-server-sdk's `cloud.openapi`
 * (WECHAT_OPENAPI=1), locally and in tests through stand-ins, since nothing outside WeChat's cloud can reach them.
 * The function calling one needs it in `permissions.openapi` of its config.json (scripts/build.ts writes them).
 */

/** Which version of the mini-program messages and codes open (MINIPROGRAM_VERSION). */
export type MiniProgramVersion = 'release' | 'trial' | 'develop';

/** What a subscription message send came to: `unsubscribed` when the resident gave no consent (or used it up). */
export type SendOutcome = 'sent' | 'unsubscribed';

export interface MessageSender {
  send(message: SubscriptionMessage): Promise<SendOutcome>;
}

export interface CodeRequest {
  /** At most 32 characters of SCENE_ALPHABET; the page reads it as `decodeURIComponent(query.scene)`. */
  scene: string;
  /** The page the code opens, without a leading slash. */
  page: string;
  /** Width of the image in pixels (280 to 1280). */
  width: number;
}

/** A mini-program code as an image WeChat drew, or (locally) the text of a plain QR standing in for it. */
export type MiniProgramCode = { kind: 'image'; format: 'jpeg' | 'png'; bytes: Uint8Array } | { kind: 'qr'; text: string };

export interface MiniProgramCodeMaker {
  make(request: CodeRequest): Promise<MiniProgramCode>;
}

/** The part of wx-server-sdk's `cloud.openapi` used here; it answers `{ errCode: 0, … }` and throws `{ errCode, errMsg }`. */
export interface OpenApi {
  subscribeMessage: {
    send(request: SubscriptionMessage & { miniprogramState: 'formal' | 'trial' | 'developer'; lang: 'zh_CN' }): Promise<unknown>;
  };
  wxacode: {
    getUnlimited(request: { scene: string; page: string; width: number; checkPath: boolean; envVersion: MiniProgramVersion }): Promise<{ contentType: string; buffer: Uint8Array }>;
  };
}

const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

function assertScene(scene: string): void {
  if (!SCENE.test(scene)) throw new RangeError(`not a mini-program code scene: ${JSON.stringify(scene)}`);
}

const MINIPROGRAM_STATE = { release: 'formal', trial: 'trial', develop: 'developer' } as const;

/** The user has no subscription for the template (refused, or each consent was used by an earlier message). */
const ERR_NOT_SUBSCRIBED = 43101;

export function openApiMessageSender(openApi: () => Promise<OpenApi>, version: MiniProgramVersion): MessageSender {
  return {
    async send(message) {
      try {
        await (await openApi()).subscribeMessage.send({ ...message, miniprogramState: MINIPROGRAM_STATE[version], lang: 'zh_CN' });
        return 'sent';
      } catch (error) {
        // Retrying cannot help until the resident subscribes again; anything else is retried by a later sweep.
        if ((error as { errCode?: unknown } | null)?.errCode === ERR_NOT_SUBSCRIBED) return 'unsubscribed';
        throw error;
      }
    },
  };
}

export function openApiCodeMaker(openApi: () => Promise<OpenApi>, version: MiniProgramVersion): MiniProgramCodeMaker {
  return {
    async make({ scene, page, width }) {
      assertScene(scene);
      // checkPath only for the released version: a trial or develop version's pages are not published yet.
      const { contentType, buffer } = await (await openApi()).wxacode.getUnlimited({ scene, page, width, checkPath: version === 'release', envVersion: version });
      return { kind: 'image', format: contentType === 'image/png' ? 'png' : 'jpeg', bytes: buffer };
    },
  };
}

/** The link a local stand-in code holds: a plain QR that any scanner (and jsQR in tests) reads. */
export function localCodeText(urlPrefix: string, scene: string): string {
  return `${urlPrefix}venue?scene=${encodeURIComponent(scene)}`;
}

export function localCodeMaker(urlPrefix: string): MiniProgramCodeMaker {
  return {
    async make({ scene }) {
      assertScene(scene);
      return { kind: 'qr', text: localCodeText(urlPrefix, scene) };
    },
  };
}

let loading: Promise<OpenApi> | undefined;

/** wx-server-sdk's `cloud.openapi`, loaded on first use: functions that never call WeChat do not pay for it at cold start. */
export function wxOpenApi(): Promise<OpenApi> {
  loading ??= import('wx-server-sdk').then((cloud) => {
    // DYNAMIC_CURRENT_ENV is a symbol the SDK resolves per call; its typings declare env a string.
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    const { openapi } = cloud;
    // cloud.openapi is a Proxy that takes any property for an API, `then` too: resolved as is, a promise would call it.
    const api: OpenApi = {
      subscribeMessage: { send: (request) => openapi.subscribeMessage.send(request) },
      wxacode: { getUnlimited: (request) => openapi.wxacode.getUnlimited(request) },
    };
    return api;
  });
  return loading;
}
