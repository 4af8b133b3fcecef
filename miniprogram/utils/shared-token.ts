/**
 * The server's pure token code (cloudfunctions/shared/domain/token/), reused so that the phone reads and
 * judges a code exactly as the server does (docs/token-format.md). This is the mini-program's one door to
 * it: only files without node: imports or Buffer may be named here, and miniprogram/tsconfig.json checks
 * them without Node's types, so a node: import creeping into one of them fails the mini-program's type check.
 * Bundlers follow the relative paths (esbuild for the browser preview); WeChat DevTools packs only
 * miniprogram/, so uploading needs these files bundled or copied in (the deployment's build step).
 */
export { decodeBase64url } from '../../cloudfunctions/shared/domain/token/base64url';
export { parseToken, type TokenClaims } from '../../cloudfunctions/shared/domain/token/format';
export { qrVersionByteModeM } from '../../cloudfunctions/shared/domain/token/qr';
export { extractToken } from '../../cloudfunctions/shared/domain/token/url';
export { judgeToken, type Refusal } from '../../cloudfunctions/shared/domain/token/verdict';
