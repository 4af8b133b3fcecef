import { answer, failure, type Callbacks, type WxResult } from './callbacks';
import { openid } from './environment';
import { CALLED_MESSAGE } from './messages';

interface CallFunctionOptions extends Callbacks<CallFunctionResult> {
  name: string;
  data?: Record<string, unknown>;
}

interface CallFunctionResult extends WxResult {
  result: unknown;
}

// WeChat's codes for a function that threw and one that ran out of time (云开发错误码).
const FUNCTION_FAILED = -504002;
const FUNCTION_TIMED_OUT = -504003;
const NETWORK_FAILED = -1;

/**
 * wx.cloud for the local runtime: callFunction posts the event to the emulator's `POST /functions/<name>` as the
 * chosen identity (X-WX-OPENID, which WeChat stamps on real calls) and answers `{ result }` as WeChat does;
 * a function that throws or times out fails the call with WeChat's error codes.
 */
export const cloud = {
  init(): void {
    // One local environment: nothing to choose.
  },
  callFunction(options: CallFunctionOptions): Promise<CallFunctionResult> | undefined {
    return answer(options, async () => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (openid) headers['X-WX-OPENID'] = openid;
      let response: Response;
      try {
        response = await fetch(`/functions/${encodeURIComponent(options.name)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(options.data ?? {}),
        });
      } catch (error) {
        throw failure('cloud.callFunction', `network error: ${String(error)}`, NETWORK_FAILED);
      } finally {
        window.parent.postMessage({ type: CALLED_MESSAGE }, window.location.origin);
      }
      const body = (await response.json()) as unknown;
      console.debug(`wx.cloud.callFunction ${options.name}`, options.data, '→', response.status, body);
      if (!response.ok) {
        const code = response.status === 504 ? FUNCTION_TIMED_OUT : FUNCTION_FAILED;
        throw failure('cloud.callFunction', `errCode: ${code} | errMsg: ${JSON.stringify(body)}`, code);
      }
      return { errMsg: 'cloud.callFunction:ok', result: body };
    });
  },
};
