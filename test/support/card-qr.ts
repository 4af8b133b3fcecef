import fontkit, { type Font } from '@pdf-lib/fontkit';
import jsQR from 'jsqr';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject, type PDFPage } from 'pdf-lib';
import { QR_MARKED_CONTENT_TAG } from '../../cloudfunctions/shared/domain/card-pdf';

export interface DecodedCardQr {
  text: string;
  version: number;
  /** The QR square as drawn (quiet zone included), in PDF points. */
  side: number;
}

/**
 * Reads the QR a card PDF really holds: the fill operators inside its marked content are replayed into an RGBA
 * bitmap (white paper around it) and handed to jsQR. Only `g` (grey fill), `re` (rectangle) and `f` (fill)
 * occur there; anything else fails the test, so a change in how the card draws its code cannot go unnoticed.
 */
export function decodeCardQr(page: PDFPage, pixelsPerPoint = 3): DecodedCardQr {
  const operators = markedContent(contentOf(page), QR_MARKED_CONTENT_TAG);
  const fills: Array<{ grey: number; rects: number[][] }> = [];
  let grey = 0;
  let path: number[][] = [];
  for (const [operator, ...operands] of operators) {
    if (operator === 'g') grey = operands[0];
    else if (operator === 're') path.push(operands);
    else if (operator === 'f') {
      fills.push({ grey, rects: path });
      path = [];
    } else throw new Error(`unexpected operator ${operator} in the card's QR`);
  }
  const [background] = fills[0].rects;
  const [left, bottom, side] = background;
  const margin = 20;
  const size = Math.ceil(side * pixelsPerPoint) + 2 * margin;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const fill of fills) {
    const value = Math.round(fill.grey * 255);
    for (const [x, y, width, height] of fill.rects) {
      // PDF y grows upwards, bitmap rows downwards.
      const columnFrom = margin + Math.round((x - left) * pixelsPerPoint);
      const columnTo = margin + Math.round((x + width - left) * pixelsPerPoint);
      const rowFrom = margin + Math.round((bottom + side - (y + height)) * pixelsPerPoint);
      const rowTo = margin + Math.round((bottom + side - y) * pixelsPerPoint);
      for (let row = rowFrom; row < rowTo; row++) {
        for (let column = columnFrom; column < columnTo; column++) data.set([value, value, value, 255], (row * size + column) * 4);
      }
    }
  }
  const decoded = jsQR(data, size, size);
  if (!decoded) throw new Error('the QR drawn on the card does not decode');
  return { text: decoded.data, version: decoded.version, side };
}

export async function singlePage(pdf: Uint8Array): Promise<{ pageCount: number; page: PDFPage; size: { width: number; height: number } }> {
  const document = await PDFDocument.load(pdf);
  const page = document.getPage(0);
  return { pageCount: document.getPageCount(), page, size: page.getSize() };
}

export interface CardLettering {
  /** Every line of text drawn on the page, in drawing order, read back through its font's ToUnicode map. */
  lines: string[];
  /** The font programs embedded for that text, parsed. */
  fonts: Font[];
}

/**
 * The text a card PDF draws, as a PDF reader extracts it: each `<hex> Tj` decoded through the ToUnicode map of the
 * font the `Tf` before it selected. Only Type0 fonts over an embedded TrueType CID font (CIDFontType2, Identity-H,
 * what pdf-lib makes of a CJK TrueType font) are accepted; any other font fails the test.
 */
export function cardLettering(page: PDFPage): CardLettering {
  const { context } = page.doc;
  const resources = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
  if (!resources) throw new Error('the card has no fonts');
  const programs = new Map<PDFRef, Font>();
  const lines: string[] = [];
  let toUnicode: Map<string, string> | undefined;
  for (const [, fontName, hex] of contentOf(page).matchAll(/\/(\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj/g)) {
    if (fontName !== undefined) {
      const font = resources.lookup(PDFName.of(fontName), PDFDict);
      expect([font.get(PDFName.of('Subtype')), font.get(PDFName.of('Encoding'))]).toEqual([PDFName.of('Type0'), PDFName.of('Identity-H')]);
      const cidFont = font.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
      expect(cidFont.get(PDFName.of('Subtype'))).toBe(PDFName.of('CIDFontType2'));
      const programRef = cidFont.lookup(PDFName.of('FontDescriptor'), PDFDict).get(PDFName.of('FontFile2'));
      if (!(programRef instanceof PDFRef)) throw new Error('the CID font has no embedded TrueType program');
      if (!programs.has(programRef)) programs.set(programRef, fontkit.create(decodedStream(context.lookup(programRef))));
      toUnicode = bfChars(Buffer.from(decodedStream(font.lookup(PDFName.of('ToUnicode')))).toString('latin1'));
    } else {
      const map = toUnicode;
      if (!map) throw new Error('text drawn before a font was selected');
      lines.push((hex.match(/.{4}/g) ?? []).map((cid) => map.get(cid.toLowerCase()) ?? `<unmapped ${cid}>`).join(''));
    }
  }
  return { lines, fonts: [...programs.values()] };
}

/** A ToUnicode CMap's `bfchar` entries, character code (lower-case hex) to text (UTF-16BE in the CMap). */
function bfChars(cmap: string): Map<string, string> {
  const entries = [...cmap.matchAll(/<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>/g)];
  return new Map(entries.map(([, code, utf16]) => [code.toLowerCase(), Buffer.from(utf16, 'hex').swap16().toString('utf16le')]));
}

/** The page's content streams, decoded and joined. */
function contentOf(page: PDFPage): string {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  return streams.map((stream) => Buffer.from(decodedStream(stream)).toString('latin1')).join('\n');
}

function decodedStream(object: PDFObject | undefined): Uint8Array {
  if (!(object instanceof PDFRawStream)) throw new Error('expected a stored stream');
  return decodePDFRawStream(object).decode();
}

/** The operators (name first, then numeric operands) between `/<tag> BMC` and its `EMC`. */
function markedContent(content: string, tag: string): Array<[string, ...number[]]> {
  const start = content.indexOf(`/${tag} BMC`);
  if (start < 0) throw new Error(`no marked content ${tag} on the page`);
  const end = content.indexOf('EMC', start);
  const body = content.slice(start + tag.length + 5, end);
  const operators: Array<[string, ...number[]]> = [];
  let operands: number[] = [];
  for (const word of body.split(/\s+/).filter(Boolean)) {
    if (/^-?[0-9.]+$/.test(word)) operands.push(Number(word));
    else {
      operators.push([word, ...operands]);
      operands = [];
    }
  }
  return operators;
}
