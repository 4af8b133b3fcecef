import jsQR from 'jsqr';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFPage } from 'pdf-lib';
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

/** The page's content streams, decoded and joined. */
function contentOf(page: PDFPage): string {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  return streams
    .map((stream) => {
      if (!(stream instanceof PDFRawStream)) throw new Error('expected stored content streams');
      return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
    })
    .join('\n');
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
