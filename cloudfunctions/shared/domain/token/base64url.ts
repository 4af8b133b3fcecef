/**
 * base64url without padding (RFC 4648 §5), strict. Written without Buffer so that the whole token format can
 * run in the mini-program too (the guard's offline check); on ~120 characters it costs a microsecond, next to
 * tens for an ECDSA operation.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Value of each alphabet character by char code, -1 for any other character. */
const VALUE_OF = new Int8Array(128).fill(-1);
for (let value = 0; value < ALPHABET.length; value++) VALUE_OF[ALPHABET.charCodeAt(value)] = value;

export function encodeBase64url(bytes: Uint8Array): string {
  let text = '';
  let index = 0;
  for (; index + 3 <= bytes.length; index += 3) {
    const group = (bytes[index] << 16) | (bytes[index + 1] << 8) | bytes[index + 2];
    text += ALPHABET[group >> 18] + ALPHABET[(group >> 12) & 63] + ALPHABET[(group >> 6) & 63] + ALPHABET[group & 63];
  }
  const rest = bytes.length - index;
  if (rest === 1) {
    const group = bytes[index] << 16;
    text += ALPHABET[group >> 18] + ALPHABET[(group >> 12) & 63];
  } else if (rest === 2) {
    const group = (bytes[index] << 16) | (bytes[index + 1] << 8);
    text += ALPHABET[group >> 18] + ALPHABET[(group >> 12) & 63] + ALPHABET[(group >> 6) & 63];
  }
  return text;
}

/**
 * Decodes canonical base64url only: alphabet characters, no padding, no impossible length, and zero unused
 * bits in the last character. Anything else is null, so that exactly one string stands for given bytes
 * (otherwise two different strings would carry the same signed token).
 */
export function decodeBase64url(text: string): Uint8Array | null {
  const rest = text.length % 4;
  if (rest === 1 || !isBase64urlAlphabet(text)) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let byteIndex = 0;
  let charIndex = 0;
  for (; charIndex + 4 <= text.length; charIndex += 4) {
    const group = (valueAt(text, charIndex) << 18) | (valueAt(text, charIndex + 1) << 12) | (valueAt(text, charIndex + 2) << 6) | valueAt(text, charIndex + 3);
    bytes[byteIndex++] = group >> 16;
    bytes[byteIndex++] = (group >> 8) & 255;
    bytes[byteIndex++] = group & 255;
  }
  if (rest === 2) {
    const group = (valueAt(text, charIndex) << 18) | (valueAt(text, charIndex + 1) << 12);
    if ((group & 0xffff) !== 0) return null;
    bytes[byteIndex] = group >> 16;
  } else if (rest === 3) {
    const group = (valueAt(text, charIndex) << 18) | (valueAt(text, charIndex + 1) << 12) | (valueAt(text, charIndex + 2) << 6);
    if ((group & 0xff) !== 0) return null;
    bytes[byteIndex++] = group >> 16;
    bytes[byteIndex] = (group >> 8) & 255;
  }
  return bytes;
}

/** Whether every character of `text` is in the base64url alphabet (says nothing of length or trailing bits). */
export function isBase64urlAlphabet(text: string): boolean {
  for (let index = 0; index < text.length; index++) if (valueAt(text, index) < 0) return false;
  return true;
}

/** The 6-bit value of the character at `index`, -1 when it is not in the alphabet. */
function valueAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 128 ? VALUE_OF[code] : -1;
}
