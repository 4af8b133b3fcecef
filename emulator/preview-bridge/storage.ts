import { answer, failure, type Callbacks, type WxResult } from './callbacks';
import { openid } from './environment';

/** Each identity is its own phone: its keys live under its own prefix in the browser's localStorage. */
const PREFIX = `tongxing-preview/${openid}/`;
// WeChat gives each mini-program 10 MB per user.
const LIMIT_KB = 10 * 1024;

function keys(): string[] {
  const found: string[] = [];
  for (let index = 0; index < localStorage.length; index++) {
    const key = localStorage.key(index);
    if (key?.startsWith(PREFIX)) found.push(key.slice(PREFIX.length));
  }
  return found;
}

/** Values are kept as JSON, so a page gets back what it stored (numbers stay numbers), as in WeChat. */
function read(key: string): { found: boolean; data: unknown } {
  const text = localStorage.getItem(PREFIX + key);
  return text === null ? { found: false, data: '' } : { found: true, data: JSON.parse(text) as unknown };
}

function write(key: string, data: unknown): void {
  localStorage.setItem(PREFIX + key, JSON.stringify(data));
}

function clear(): void {
  for (const key of keys()) localStorage.removeItem(PREFIX + key);
}

export const storage = {
  setStorageSync: write,
  /** '' for a key never stored, as WeChat answers. */
  getStorageSync: (key: string): unknown => read(key).data,
  removeStorageSync: (key: string): void => localStorage.removeItem(PREFIX + key),
  clearStorageSync: clear,
  getStorageInfoSync() {
    const used = keys().reduce((sum, key) => sum + key.length + (localStorage.getItem(PREFIX + key)?.length ?? 0), 0);
    return { keys: keys(), currentSize: Math.ceil(used / 1024), limitSize: LIMIT_KB };
  },
  setStorage(options: { key: string; data: unknown } & Callbacks<WxResult>) {
    return answer(options, async () => {
      write(options.key, options.data);
      return { errMsg: 'setStorage:ok' };
    });
  },
  getStorage(options: { key: string } & Callbacks<WxResult & { data: unknown }>) {
    return answer(options, async () => {
      const { found, data } = read(options.key);
      if (!found) throw failure('getStorage', 'data not found');
      return { errMsg: 'getStorage:ok', data };
    });
  },
  removeStorage(options: { key: string } & Callbacks<WxResult>) {
    return answer(options, async () => {
      localStorage.removeItem(PREFIX + options.key);
      return { errMsg: 'removeStorage:ok' };
    });
  },
  clearStorage(options?: Callbacks<WxResult>) {
    return answer(options, async () => {
      clear();
      return { errMsg: 'clearStorage:ok' };
    });
  },
};
