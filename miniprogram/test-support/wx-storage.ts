/**
 * WeChat storage for tests: miniprogram-simulate's stub keeps nothing. Values go through JSON as WeChat's
 * storage serialises them, so a page that keeps a reference to what it stored cannot see later changes.
 */
export type FakeStorage = Map<string, unknown>;

export function fakeStorage(initial: Record<string, unknown> = {}): FakeStorage {
  const store: FakeStorage = new Map(Object.entries(initial).map(([key, value]) => [key, copy(value)]));
  const scope = globalThis as unknown as { wx?: Record<string, unknown> };
  scope.wx = Object.assign(scope.wx ?? {}, {
    getStorageSync: jest.fn((key: string) => (store.has(key) ? copy(store.get(key)) : '')),
    setStorageSync: jest.fn((key: string, value: unknown) => {
      store.set(key, copy(value));
    }),
    removeStorageSync: jest.fn((key: string) => {
      store.delete(key);
    }),
  });
  return store;
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
