/** Which QR version a text needs, the way weapp-qrcode draws it: byte mode, error correction level M. */

/** Bytes that fit in byte mode at level M, versions 1 to 40 (ISO/IEC 18004, the capacity table). */
const BYTE_CAPACITY_M = [
  14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666, 711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452,
  1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
];

/** The version our pass QR must not exceed (DESIGN.md, Budgets). */
export const QR_VERSION_BUDGET = 8;

/** Bytes a QR of `version` holds in byte mode at level M. */
export function qrByteCapacityM(version: number): number {
  const capacity = BYTE_CAPACITY_M[version - 1];
  if (capacity === undefined) throw new RangeError('QR versions run from 1 to 40');
  return capacity;
}

/** The smallest QR version that holds `text` (UTF-8) in byte mode at level M, or null when none does. */
export function qrVersionByteModeM(text: string): number | null {
  const bytes = utf8Length(text);
  const index = BYTE_CAPACITY_M.findIndex((capacity) => bytes <= capacity);
  return index < 0 ? null : index + 1;
}

/** UTF-8 length without TextEncoder, which the mini-program runtime may lack. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
