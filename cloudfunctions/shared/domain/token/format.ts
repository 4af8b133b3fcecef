/**
 * The binary layout of a pass token, version 1 (docs/token-format.md is the open description of it). Pure
 * and portable: no node: imports, no Buffer, so the mini-program can carry the same code for the guard's
 * offline check. Signing and verifying live elsewhere; this file only writes and reads bytes.
 */
import { decodeBase64url, encodeBase64url } from './base64url';

export type Colour = 'green' | 'yellow' | 'red';
/** `code`: the short-lived QR on the resident's phone; `card`: a printed pass with a long expiry. */
export type TokenKind = 'code' | 'card';

export interface TokenClaims {
  /** The pass document id, opaque here. */
  passRef: string;
  /** Seconds since the Unix epoch. */
  issuedAt: number;
  /** Seconds since the Unix epoch; the first second at which the token is no longer valid. */
  expiresAt: number;
  /** Colour of the pass when the token was issued; the live colour comes from the server. */
  colour: Colour;
  kind: TokenKind;
  /** Cards only: which printing this is, so that reprinting revokes the older card. */
  cardSerial?: number;
}

export const TOKEN_VERSION = 1;
/**
 * First bytes 2 to 15 are kept for later versions of this format (UNSUPPORTED_VERSION: ours, but newer than
 * this code); any other first byte means the text is not a token at all (MALFORMED), so that random text is
 * not mistaken for a newer code and waved through as "the app needs an update".
 */
export const LAST_RESERVED_VERSION = 15;
/** ECDSA P-256 signature as r || s, 32 bytes each (IEEE P1363, the JOSE ES256 form). */
export const SIGNATURE_BYTES = 64;
export const MAX_PASS_REF_CHARS = 32;
/** Longest lifetime of a phone code (uint16 seconds, about 18 hours): a longer one is an issuing mistake. */
export const MAX_CODE_LIFETIME_SECONDS = 0xffff;
export const MAX_CARD_LIFETIME_SECONDS = 0xffffffff;
export const MAX_CARD_SERIAL = 0xffff;
/** Key ids are two bytes, written as four lowercase hex digits in configuration and key sets. */
export const KEY_ID_PATTERN = /^[0-9a-f]{4}$/;

/** Byte offsets of the fields, and where the pass reference starts for each kind. */
const OFFSET = { keyId: 1, flags: 3, issuedAt: 4, lifetime: 8, cardSerial: 12 } as const;
const CODE_HEADER_BYTES = 10;
const CARD_HEADER_BYTES = 14;

/**
 * Longest text taken for a token of any version: refused before decoding above this, so that a huge scan
 * costs nothing. Generous next to version 1 (at most 147 characters) so that a later version's longer token
 * is still recognised as ours and answered UNSUPPORTED_VERSION.
 */
export const MAX_TOKEN_CHARS = 256;
/** Smallest and largest version 1 token, in bytes (a pass reference takes 1 to 32 bytes). */
const MIN_TOKEN_BYTES = CODE_HEADER_BYTES + 1 + SIGNATURE_BYTES;
const MAX_TOKEN_BYTES = CARD_HEADER_BYTES + MAX_PASS_REF_CHARS + SIGNATURE_BYTES;

const COLOURS: readonly Colour[] = ['green', 'yellow', 'red'];
/** Bits of the flags byte. */
const FLAG = { colourMask: 0b0000_0011, card: 0b0000_0100, refFormShift: 3, refFormMask: 0b0001_1000, reserved: 0b1110_0000 } as const;

/**
 * How the pass reference is stored, the densest that fits: lowercase hex (2 characters a byte, e.g. a
 * CloudBase auto id), canonical base64url (4 characters per 3 bytes, e.g. 16 random bytes as 22
 * characters), else the ASCII characters themselves.
 */
const REF_FORM = { ascii: 0, hex: 1, base64url: 2 } as const;

const LOWER_HEX = /^[0-9a-f]*$/;
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
const HEX_OF_BYTE = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export interface ParsedToken {
  keyId: string;
  claims: TokenClaims;
  /** The bytes the signature covers: everything before it. */
  signed: Uint8Array;
  signature: Uint8Array;
}

/**
 * Writes the token for `claims` with room for the signature at its end; `signedLength` bytes are to be
 * signed. Throws a RangeError naming the field when the claims cannot be represented (a caller's bug).
 */
export function layoutToken(claims: TokenClaims, keyId: string): { bytes: Uint8Array; signedLength: number } {
  if (!KEY_ID_PATTERN.test(keyId)) throw new RangeError(`key id must be 4 lowercase hex digits, not ${JSON.stringify(keyId)}`);
  const colour = COLOURS.indexOf(claims.colour);
  if (colour < 0) throw new RangeError(`colour must be one of ${COLOURS.join(', ')}`);
  const isCard = claims.kind === 'card';
  if (!isCard && claims.kind !== 'code') throw new RangeError('kind must be code or card');
  requireUint('issuedAt', claims.issuedAt, 0xffffffff);
  const lifetime = claims.expiresAt - claims.issuedAt;
  requireUint('expiresAt - issuedAt', lifetime, isCard ? MAX_CARD_LIFETIME_SECONDS : MAX_CODE_LIFETIME_SECONDS);
  if (lifetime === 0) throw new RangeError('expiresAt must be after issuedAt');
  if (!isCard && claims.cardSerial !== undefined) throw new RangeError('cardSerial belongs to cards only');
  const cardSerial = isCard ? requireUint('cardSerial', claims.cardSerial, MAX_CARD_SERIAL) : 0;
  const ref = encodePassRef(claims.passRef);
  if (ref === null) throw new RangeError(`passRef must be 1 to ${MAX_PASS_REF_CHARS} printable ASCII characters`);

  const headerBytes = isCard ? CARD_HEADER_BYTES : CODE_HEADER_BYTES;
  const signedLength = headerBytes + ref.bytes.length;
  const bytes = new Uint8Array(signedLength + SIGNATURE_BYTES);
  const view = new DataView(bytes.buffer);
  bytes[0] = TOKEN_VERSION;
  view.setUint16(OFFSET.keyId, parseInt(keyId, 16));
  bytes[OFFSET.flags] = colour | (isCard ? FLAG.card : 0) | (ref.form << FLAG.refFormShift);
  view.setUint32(OFFSET.issuedAt, claims.issuedAt);
  if (isCard) {
    view.setUint32(OFFSET.lifetime, lifetime);
    view.setUint16(OFFSET.cardSerial, cardSerial);
  } else {
    view.setUint16(OFFSET.lifetime, lifetime);
  }
  bytes.set(ref.bytes, headerBytes);
  return { bytes, signedLength };
}

/**
 * Reads a token's fields without judging the signature. UNSUPPORTED_VERSION when the first byte is a later
 * version's; MALFORMED for any other first byte, and for any length, flag or field version 1 does not allow.
 */
export function parseToken(bytes: Uint8Array): ParsedToken | 'MALFORMED' | 'UNSUPPORTED_VERSION' {
  if (bytes.length === 0) return 'MALFORMED';
  if (bytes[0] !== TOKEN_VERSION) return bytes[0] > TOKEN_VERSION && bytes[0] <= LAST_RESERVED_VERSION ? 'UNSUPPORTED_VERSION' : 'MALFORMED';
  if (bytes.length < MIN_TOKEN_BYTES || bytes.length > MAX_TOKEN_BYTES) return 'MALFORMED';
  const flags = bytes[OFFSET.flags];
  const colour = COLOURS[flags & FLAG.colourMask];
  const refForm = (flags & FLAG.refFormMask) >> FLAG.refFormShift;
  if ((flags & FLAG.reserved) !== 0 || colour === undefined) return 'MALFORMED';
  const isCard = (flags & FLAG.card) !== 0;
  const headerBytes = isCard ? CARD_HEADER_BYTES : CODE_HEADER_BYTES;
  const signedLength = bytes.length - SIGNATURE_BYTES;
  if (signedLength <= headerBytes) return 'MALFORMED';
  const passRef = decodePassRef(refForm, bytes.subarray(headerBytes, signedLength));
  if (passRef === null) return 'MALFORMED';

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const issuedAt = view.getUint32(OFFSET.issuedAt);
  const lifetime = isCard ? view.getUint32(OFFSET.lifetime) : view.getUint16(OFFSET.lifetime);
  if (lifetime === 0) return 'MALFORMED';
  const claims: TokenClaims = { passRef, issuedAt, expiresAt: issuedAt + lifetime, colour, kind: isCard ? 'card' : 'code' };
  if (isCard) claims.cardSerial = view.getUint16(OFFSET.cardSerial);
  return {
    keyId: HEX_OF_BYTE[bytes[OFFSET.keyId]] + HEX_OF_BYTE[bytes[OFFSET.keyId + 1]],
    claims,
    signed: bytes.subarray(0, signedLength),
    signature: bytes.subarray(signedLength),
  };
}

function requireUint(name: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer from 0 to ${max}`);
  }
  return value;
}

/** The storage form of a pass reference and its bytes, or null when it is empty, too long or not printable ASCII. */
function encodePassRef(passRef: string): { form: number; bytes: Uint8Array } | null {
  if (typeof passRef !== 'string' || passRef.length === 0 || passRef.length > MAX_PASS_REF_CHARS) return null;
  if (passRef.length % 2 === 0 && LOWER_HEX.test(passRef)) {
    const bytes = new Uint8Array(passRef.length / 2);
    for (let index = 0; index < bytes.length; index++) bytes[index] = parseInt(passRef.slice(index * 2, index * 2 + 2), 16);
    return { form: REF_FORM.hex, bytes };
  }
  const base64urlBytes = decodeBase64url(passRef);
  if (base64urlBytes !== null) return { form: REF_FORM.base64url, bytes: base64urlBytes };
  if (!PRINTABLE_ASCII.test(passRef)) return null;
  const bytes = new Uint8Array(passRef.length);
  for (let index = 0; index < bytes.length; index++) bytes[index] = passRef.charCodeAt(index);
  return { form: REF_FORM.ascii, bytes };
}

/**
 * The pass reference stored in `bytes` under `form`, or null unless encoding it again would give the same
 * form: one reference has exactly one encoding, so a token's bytes and its claims correspond one to one.
 */
function decodePassRef(form: number, bytes: Uint8Array): string | null {
  let passRef: string;
  if (form === REF_FORM.hex) passRef = Array.from(bytes, (byte) => HEX_OF_BYTE[byte]).join('');
  else if (form === REF_FORM.base64url) passRef = encodeBase64url(bytes);
  else if (form === REF_FORM.ascii) passRef = String.fromCharCode(...bytes);
  else return null;
  return encodePassRef(passRef)?.form === form ? passRef : null;
}
