/**
 * The printed card of a staff-issued pass, as a PDF: an A6 card (105 × 148 mm) in the top-left quarter of an A4
 * sheet, with dashed cut lines along the sheet's halves. Every community office prints A4, and an A4 page
 * prints at true size with the printer's default settings (an A6 page would be scaled up or land in a corner);
 * two straight cuts give a card that fits a standard A6 sleeve. A6 rather than the ID-1 bank-card size because
 * the QR gets modules of about 1.4 mm, which a guard's phone reads from worn paper in poor light, and the text
 * stays large enough for the elderly people these cards are for.
 *
 * Pure: no I/O and no clock; the caller passes the token URL, the dates, the photo bytes and the font.
 */
import fontkit from '@pdf-lib/fontkit';
import {
  beginMarkedContent,
  endMarkedContent,
  fill,
  grayscale,
  LineCapStyle,
  PageSizes,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
  type PDFFont,
  type PDFImage,
  type PDFPage,
} from 'pdf-lib';
import { paintQr, QUIET_ZONE_MODULES, type FillContext } from '../../../miniprogram/utils/qr-painter';
import { sniffImage } from './appeal';
import { chinaDate } from './china-date';
import { qrVersionByteModeM } from './token';

/** The card's lettering: a Chinese TrueType font cut down to the characters of one card. */
export interface CardFont {
  /** A font with the glyphs of those characters of `text` that the font has, and no others. */
  subset(text: string): Uint8Array;
}

/** What a card shows. Dates are instants; the card prints them as dates in China. */
export interface CardContent {
  nameMasked: string;
  idMasked: string;
  serial: number;
  validFrom: Date;
  /** The token's expiry: the first instant the card is no longer valid. */
  validUntil: Date;
  /** What the QR holds: the card token inside the configured URL prefix. */
  codeUrl: string;
  /** The photo on file as stored (JPEG or PNG), or null; anything else is left out as if there were none. */
  photo: Uint8Array | null;
}

/**
 * The marked-content tag around the QR's drawing operators, so that a test (or a print shop's preflight) finds
 * exactly the modules that were drawn, and nothing else on the page.
 */
export const QR_MARKED_CONTENT_TAG = 'TongxingCode';

export const MM = 72 / 25.4;
const [SHEET_WIDTH, SHEET_HEIGHT] = PageSizes.A4;
const [CARD_WIDTH, CARD_HEIGHT] = PageSizes.A6;
const MARGIN = 8 * MM;
/** Passport-photo proportions (33 × 48 mm scaled down), the shape ID photos on file come in. */
const PHOTO_WIDTH = 25 * MM;
const PHOTO_HEIGHT = 34 * MM;
const GAP = 4 * MM;
const TITLE_SIZE = 15;
const NAME_SIZE = 16;
const DETAIL_SIZE = 10;
const INSTRUCTION_SIZE = 9;

/** Characters the font has no glyph for print as this, like the masked ones of a name. */
const MISSING = '*';

const LABELS = {
  title: '通行 电子通行证（纸质）',
  name: '姓名',
  id: '证件号码',
  validUntil: '有效期至',
  serial: '卡片序号',
  noPhoto: '无照片',
  instruction: '请妥善保管；补办后旧卡作废',
  cutHere: '沿虚线剪下',
};

/**
 * Embeds the page's own subset whole (`subset: false`): pdf-lib's fontkit would subset it again and break the
 * glyphs of a CJK TrueType font (Hopding/pdf-lib#1232), and it is small already.
 */
export async function embedLettering(pdf: PDFDocument, font: CardFont, texts: string[]): Promise<PDFFont> {
  pdf.registerFontkit(fontkit);
  return pdf.embedFont(font.subset(texts.join('') + MISSING), { subset: false });
}

export interface RenderedCard {
  pdf: Uint8Array;
  /** false when there was no photo, or it was neither a readable JPEG nor PNG. */
  photoPrinted: boolean;
}

/** The PDF of one card, lettered in `cardFont`. Throws a RangeError when the URL does not fit a QR code. */
export async function renderCardPdf(content: CardContent, cardFont: CardFont): Promise<RenderedCard> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Tongxing card ${content.serial}`);
  pdf.setCreator('Tongxing');
  // The card's issue time, not the clock: the same content gives the same file.
  pdf.setCreationDate(content.validFrom);
  pdf.setModificationDate(content.validFrom);
  const page = pdf.addPage([SHEET_WIDTH, SHEET_HEIGHT]);
  const details = [
    { text: `${LABELS.name} ${content.nameMasked}`, size: NAME_SIZE },
    { text: `${LABELS.id} ${content.idMasked}`, size: DETAIL_SIZE },
    { text: `${LABELS.validUntil} ${chinaDate(content.validUntil)}`, size: DETAIL_SIZE },
    { text: `${LABELS.serial} ${content.serial}`, size: DETAIL_SIZE },
  ];
  const font = await embedLettering(pdf, cardFont, [...Object.values(LABELS), ...details.map(({ text }) => text)]);
  const photo = await embedPhoto(pdf, content.photo);

  const card = { left: 0, bottom: SHEET_HEIGHT - CARD_HEIGHT, right: CARD_WIDTH, top: SHEET_HEIGHT };
  drawCutLines(page, card.bottom, font);

  const titleBaseline = card.top - MARGIN - TITLE_SIZE;
  drawFitted(page, LABELS.title, { x: MARGIN, y: titleBaseline, size: TITLE_SIZE, maxWidth: CARD_WIDTH - 2 * MARGIN, font });

  const photoTop = titleBaseline - GAP;
  drawPhoto(page, photo, { x: MARGIN, y: photoTop - PHOTO_HEIGHT }, font);

  const textLeft = MARGIN + PHOTO_WIDTH + GAP;
  const textWidth = CARD_WIDTH - MARGIN - textLeft;
  let baseline = photoTop - NAME_SIZE;
  for (const { text, size } of details) {
    drawFitted(page, text, { x: textLeft, y: baseline, size, maxWidth: textWidth, font });
    baseline -= size * 1.8;
  }

  const instructionBaseline = card.bottom + MARGIN;
  const qrTop = photoTop - PHOTO_HEIGHT - GAP;
  const qrSide = Math.min(CARD_WIDTH - 2 * MARGIN, qrTop - (instructionBaseline + INSTRUCTION_SIZE + GAP));
  drawQr(page, content.codeUrl, { left: (CARD_WIDTH - qrSide) / 2, top: qrTop, side: qrSide });

  drawFitted(page, LABELS.instruction, { x: MARGIN, y: instructionBaseline, size: INSTRUCTION_SIZE, maxWidth: CARD_WIDTH - 2 * MARGIN, font });
  return { pdf: await pdf.save(), photoPrinted: photo !== null };
}

/** The text with every character the font cannot draw replaced, so that drawing never throws. */
export function printable(text: string, font: PDFFont): string {
  const drawable = new Set(font.getCharacterSet());
  return Array.from(text, (character) => (drawable.has(character.codePointAt(0) as number) ? character : MISSING)).join('');
}

/** Draws one line, shrunk below `size` when it would not fit `maxWidth` (long names, long dates). */
export function drawFitted(page: PDFPage, text: string, options: { x: number; y: number; size: number; maxWidth: number; font: PDFFont }): void {
  const { x, y, size, maxWidth, font } = options;
  const drawn = printable(text, font);
  const width = font.widthOfTextAtSize(drawn, size);
  page.drawText(drawn, { x, y, font, size: width > maxWidth ? (size * maxWidth) / width : size, color: grayscale(0) });
}

async function embedPhoto(pdf: PDFDocument, bytes: Uint8Array | null): Promise<PDFImage | null> {
  // The format by its magic bytes: the stored file's extension is not trusted.
  const format = bytes && sniffImage(bytes);
  if (!bytes || !format) return null;
  try {
    return format === 'jpeg' ? await pdf.embedJpg(bytes) : await pdf.embedPng(bytes);
  } catch {
    // A damaged photo must not stop the card: the guard's online check shows the photo on file.
    return null;
  }
}

function drawPhoto(page: PDFPage, photo: PDFImage | null, at: { x: number; y: number }, font: PDFFont): void {
  page.drawRectangle({ ...at, width: PHOTO_WIDTH, height: PHOTO_HEIGHT, borderColor: grayscale(0.6), borderWidth: 0.5 });
  if (!photo) {
    const text = printable(LABELS.noPhoto, font);
    const size = Math.min(DETAIL_SIZE, (DETAIL_SIZE * (PHOTO_WIDTH - 2 * MM)) / font.widthOfTextAtSize(text, DETAIL_SIZE));
    const width = font.widthOfTextAtSize(text, size);
    page.drawText(text, { x: at.x + (PHOTO_WIDTH - width) / 2, y: at.y + PHOTO_HEIGHT / 2, size, font, color: grayscale(0.45) });
    return;
  }
  const { width, height } = photo.scaleToFit(PHOTO_WIDTH, PHOTO_HEIGHT);
  page.drawImage(photo, { x: at.x + (PHOTO_WIDTH - width) / 2, y: at.y + (PHOTO_HEIGHT - height) / 2, width, height });
}

/** Dashed lines along the halves of the sheet that border the card, and a note on where to cut. */
function drawCutLines(page: PDFPage, cardBottom: number, font: PDFFont): void {
  const dashed = { thickness: 0.5, color: grayscale(0.5), dashArray: [4, 3], lineCap: LineCapStyle.Butt };
  page.drawLine({ start: { x: CARD_WIDTH, y: SHEET_HEIGHT }, end: { x: CARD_WIDTH, y: cardBottom }, ...dashed });
  page.drawLine({ start: { x: 0, y: cardBottom }, end: { x: CARD_WIDTH, y: cardBottom }, ...dashed });
  page.drawText(printable(LABELS.cutHere, font), { x: CARD_WIDTH + GAP, y: cardBottom - GAP - INSTRUCTION_SIZE, size: INSTRUCTION_SIZE, font, color: grayscale(0.5) });
}

/** A dark module (or run of modules) as the painter filled it, in modules from the top-left of the quiet zone. */
interface ModuleRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Draws the QR as vector squares, black on a white square that includes the quiet zone. The modules come from
 * the mini-program's painter (weapp-qrcode through a fill context), painted one unit per module, so the card
 * and the phone draw the same symbol for the same text; horizontal runs are joined into one rectangle each,
 * which keeps the page small and leaves no hairline seams between neighbours.
 */
export function drawQr(page: PDFPage, text: string, box: { left: number; top: number; side: number }): void {
  const version = qrVersionByteModeM(text);
  if (version === null) throw new RangeError('the card URL is too long for a QR code');
  const unitsPerSide = version * 4 + 17 + 2 * QUIET_ZONE_MODULES;
  const modules = joinRuns(paintedModules(text, unitsPerSide));
  const unit = box.side / unitsPerSide;
  const bottom = box.top - box.side;
  page.pushOperators(
    pushGraphicsState(),
    beginMarkedContent(QR_MARKED_CONTENT_TAG),
    setFillingGrayscaleColor(1),
    rectangle(box.left, bottom, box.side, box.side),
    fill(),
    setFillingGrayscaleColor(0),
    ...modules.map(({ x, y, width, height }) => rectangle(box.left + x * unit, box.top - (y + height) * unit, width * unit, height * unit)),
    fill(),
    endMarkedContent(),
    popGraphicsState(),
  );
}

const LIGHT = '#ffffff';

/** The dark rectangles the painter fills on a square of `units` units; white fills are the background's. */
function paintedModules(text: string, units: number): ModuleRect[] {
  const dark: ModuleRect[] = [];
  const recorder: FillContext = {
    fillStyle: LIGHT,
    fillRect(x, y, width, height) {
      if (recorder.fillStyle !== LIGHT) dark.push({ x, y, width, height });
    },
  };
  const { modulePixels } = paintQr(recorder, text, units);
  if (modulePixels !== 1) throw new Error(`the QR painter drew ${modulePixels} units a module, not 1`);
  return dark;
}

/** Joins rectangles that continue each other along a row. */
function joinRuns(rects: ModuleRect[]): ModuleRect[] {
  const sorted = [...rects].sort((a, b) => a.y - b.y || a.x - b.x);
  const runs: ModuleRect[] = [];
  for (const rect of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.y === rect.y && last.height === rect.height && last.x + last.width === rect.x) last.width += rect.width;
    else runs.push({ ...rect });
  }
  return runs;
}
