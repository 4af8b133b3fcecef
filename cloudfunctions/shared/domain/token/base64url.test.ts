import fc from 'fast-check';
import { decodeBase64url, encodeBase64url, isBase64urlAlphabet } from './base64url';

describe('base64url, strict', () => {
  test('encodes as node does and decodes back, at every length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBase64url(text)).toEqual(bytes);
      }),
    );
  });

  test('decodes exactly the canonical strings: alphabet only, no padding, zero unused bits', () => {
    const textCharacter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/. é');
    fc.assert(
      fc.property(fc.string({ unit: textCharacter, maxLength: 12 }), (text) => {
        const canonical = isBase64urlAlphabet(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
        expect(decodeBase64url(text) !== null).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });

  test('refuses an impossible length, padding, and set unused bits', () => {
    expect(decodeBase64url('QUJD')).toEqual(new Uint8Array([0x41, 0x42, 0x43]));
    expect(decodeBase64url('QUJDR')).toBeNull();
    expect(decodeBase64url('QQ==')).toBeNull();
    expect(decodeBase64url('QQ')).toEqual(new Uint8Array([0x41]));
    expect(decodeBase64url('QR')).toBeNull();
    expect(decodeBase64url('QUI')).toEqual(new Uint8Array([0x41, 0x42]));
    expect(decodeBase64url('QUJ')).toBeNull();
  });
});
