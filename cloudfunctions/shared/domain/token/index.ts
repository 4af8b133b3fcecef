/** Pass tokens: the signed, compact payload of a pass QR (docs/token-format.md). */
export { MAX_TOKEN_CHARS, TOKEN_VERSION, type Colour, type TokenClaims, type TokenKind } from './format';
export {
  MAX_KEY_SET_AGE_SECONDS,
  generateSigningKeyConfig,
  parseKeyRing,
  parseVerifyingKeys,
  publicKeySet,
  type KeyRing,
  type KeySetDocument,
  type PublicKeyJwk,
  type SigningKey,
  type VerifyingKey,
  type VerifyingKeys,
} from './keys';
export { QR_VERSION_BUDGET, qrByteCapacityM, qrVersionByteModeM } from './qr';
export { encodeToken, verifyToken } from './token';
export { extractToken, tokenUrl, type ExtractedToken } from './url';
export { judgeToken, type Refusal, type SignatureCheck, type Verdict } from './verdict';
