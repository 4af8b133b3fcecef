import { TextEncoder as NodeTextEncoder } from 'node:util';

describe('the TextEncoder stand-in', () => {
  const scope = globalThis as { TextEncoder?: unknown };

  test('is installed where the runtime has none (as jsdom, and some WeChat runtimes)', async () => {
    expect(scope.TextEncoder).toBeUndefined();

    const { Utf8Encoder } = await import('../text-encoder');

    expect(scope.TextEncoder).toBe(Utf8Encoder);
  });

  test('encodes UTF-8 as Node does, from ASCII to characters beyond the BMP', async () => {
    const { Utf8Encoder } = await import('../text-encoder');

    for (const text of ['', 'HashToScalar-', 'é', '通行码', '😷 ok', '\u07ff\u0800\uffff']) {
      expect(Array.from(new Utf8Encoder().encode(text))).toEqual(Array.from(new NodeTextEncoder().encode(text)));
    }
  });

  test('leaves a runtime that has one alone', async () => {
    scope.TextEncoder = NodeTextEncoder;

    await jest.isolateModulesAsync(async () => {
      await import('../text-encoder');
    });

    expect(scope.TextEncoder).toBe(NodeTextEncoder);
  });
});
