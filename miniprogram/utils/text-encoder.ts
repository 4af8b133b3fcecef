/**
 * A UTF-8 TextEncoder for JavaScript runtimes that lack one: WeChat's on some phones has none (hence the
 * miniprogram-text-encoder polyfills), and @noble/curves encodes constant strings with it while it loads.
 * Imported for its effect, before @noble/curves; it leaves a runtime that has TextEncoder alone. Only what
 * @noble reads is here: `encode` of a string.
 */
export class Utf8Encoder {
  readonly encoding = 'utf-8';

  encode(text = ''): Uint8Array {
    const bytes: number[] = [];
    for (const char of text) {
      const code = char.codePointAt(0) as number;
      if (code < 0x80) bytes.push(code);
      else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
      else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
      else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    }
    return new Uint8Array(bytes);
  }
}

const scope = globalThis as { TextEncoder?: unknown };
if (typeof scope.TextEncoder === 'undefined') scope.TextEncoder = Utf8Encoder;
