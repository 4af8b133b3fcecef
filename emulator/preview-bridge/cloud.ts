import { answer, failure, type Callbacks, type WxResult } from './callbacks';
import { openid } from './environment';
import { displayableUrl } from './media';
import { CALLED_MESSAGE } from './messages';

interface CallFunctionOptions extends Callbacks<CallFunctionResult> {
  name: string;
  data?: Record<string, unknown>;
}

interface CallFunctionResult extends WxResult {
  result: unknown;
}

interface UploadFileOptions extends Callbacks<UploadFileResult> {
  cloudPath: string;
  /** A temporary file path, as wx.chooseMedia answers it. */
  filePath: string;
}

interface UploadFileResult extends WxResult {
  fileID: string;
  statusCode: number;
}

interface UploadProgress {
  progress: number;
  totalBytesSent: number;
  totalBytesExpectedToSend: number;
}

// WeChat's codes for a function that threw and one that ran out of time (云开发错误码).
const FUNCTION_FAILED = -504002;
const FUNCTION_TIMED_OUT = -504003;
const NETWORK_FAILED = -1;

/** The environment wx.cloud.init chose; WeChat refuses cloud calls that need one before init. */
let environment = '';

/** A signed upload URL for `cloudPath`, asked of the emulator's storage as the SDK asks CloudBase's. */
async function uploadTarget(cloudPath: string): Promise<{ url: string; fileId: string }> {
  const response = await fetch('/admin', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'storage.getUploadMetadata', envName: environment, path: cloudPath, method: 'put' }),
  });
  const answered = (await response.json()) as { data?: { url: string; fileId: string }; code?: string; message?: string };
  if (!answered.data) throw failure('cloud.uploadFile', `${answered.code}: ${answered.message}`);
  return answered.data;
}

/** PUTs the bytes to the signed URL, reporting progress as WeChat's UploadTask does. */
function put(url: string, body: Blob, onProgress: (progress: UploadProgress) => void, requests: XMLHttpRequest[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    requests.push(request);
    request.open('PUT', url);
    request.upload.addEventListener('progress', (event) =>
      onProgress({ progress: Math.round((event.loaded / (event.total || 1)) * 100), totalBytesSent: event.loaded, totalBytesExpectedToSend: event.total }),
    );
    request.addEventListener('load', () => (request.status === 200 ? resolve() : reject(failure('cloud.uploadFile', `storage answered ${request.status}`))));
    request.addEventListener('error', () => reject(failure('cloud.uploadFile', 'network error', NETWORK_FAILED)));
    request.addEventListener('abort', () => reject(failure('cloud.uploadFile', 'abort')));
    request.send(body);
  });
}

/**
 * wx.cloud for the local CloudBase. callFunction posts the event to the emulator's `POST /functions/<name>` as the
 * chosen identity (X-WX-OPENID, which WeChat stamps on real calls) and answers `{ result }` as WeChat does; a
 * function that throws or times out fails the call with WeChat's error codes. uploadFile puts a picked file in
 * the emulator's storage the way the client SDK puts it in CloudBase's: a signed upload URL, then the bytes.
 */
export const cloud = {
  init(config?: { env?: string }): void {
    environment = config?.env ?? '';
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
        // As WeChat DevTools does, a failed call shows in the console with what the runtime said.
        console.error(`wx.cloud.callFunction ${options.name} failed: ${JSON.stringify(body)}`);
        const code = response.status === 504 ? FUNCTION_TIMED_OUT : FUNCTION_FAILED;
        throw failure('cloud.callFunction', `errCode: ${code} | errMsg: ${JSON.stringify(body)}`, code);
      }
      return { errMsg: 'cloud.callFunction:ok', result: body };
    });
  },
  /** With callbacks WeChat answers an UploadTask (progress, abort); without, a promise. */
  uploadFile(options: UploadFileOptions) {
    const listeners: Array<(progress: UploadProgress) => void> = [];
    const requests: XMLHttpRequest[] = [];
    const task = {
      onProgressUpdate: (listener: (progress: UploadProgress) => void) => void listeners.push(listener),
      abort: () => requests.forEach((request) => request.abort()),
    };
    const outcome = answer(options, async () => {
      if (!environment) throw failure('cloud.uploadFile', '请先调用 wx.cloud.init() 完成初始化后再调用其他云 API');
      const target = await uploadTarget(options.cloudPath);
      const bytes = await (await fetch(displayableUrl(options.filePath))).blob();
      await put(target.url, bytes, (progress) => listeners.forEach((listener) => listener(progress)), requests);
      return { errMsg: 'cloud.uploadFile:ok', fileID: target.fileId, statusCode: 200 };
    });
    return outcome ?? task;
  },
};
