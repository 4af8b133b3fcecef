/**
 * The poster of a venue (场所码): an A4 page to put up at its entrance, with the venue's name, a large
 * mini-program code and one line of instructions. Drawn with the printed card's machinery (lettering, QR),
 * so both print the same way. Pure: the caller passes the code and the font.
 */
import { PageSizes, PDFDocument, type PDFPage } from 'pdf-lib';
import type { MiniProgramCode } from '../wechat';
import { drawFitted, drawQr, embedLettering, MM, printable, type CardFont } from './card-pdf';

export interface PosterContent {
  name: string;
  district: string;
  address: string | null;
  code: MiniProgramCode;
  /** When the poster was made: the file's dates, so the same content gives the same file. */
  madeAt: Date;
}

export const POSTER_INSTRUCTION = '进入场所请用微信扫码并出示通行码';
const TITLE = '场所码';

const [WIDTH, HEIGHT] = PageSizes.A4;
const MARGIN = 20 * MM;
const TITLE_SIZE = 28;
const NAME_SIZE = 40;
const DETAIL_SIZE = 16;
const INSTRUCTION_SIZE = 22;
/** About 14 cm: read from a couple of metres in a queue, and by an old phone in poor light. */
const CODE_SIDE = 140 * MM;

export async function renderVenuePoster(content: PosterContent, posterFont: CardFont): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${TITLE} ${content.name}`);
  pdf.setCreator('Tongxing');
  pdf.setCreationDate(content.madeAt);
  pdf.setModificationDate(content.madeAt);
  const page = pdf.addPage([WIDTH, HEIGHT]);
  const place = [content.district, content.address].filter(Boolean).join(' ');
  const font = await embedLettering(pdf, posterFont, [TITLE, content.name, place, POSTER_INSTRUCTION]);
  const centred = (text: string, y: number, size: number) => {
    const width = Math.min(font.widthOfTextAtSize(printable(text, font), size), WIDTH - 2 * MARGIN);
    drawFitted(page, text, { x: (WIDTH - width) / 2, y, size, maxWidth: WIDTH - 2 * MARGIN, font });
  };

  let baseline = HEIGHT - MARGIN - TITLE_SIZE;
  centred(TITLE, baseline, TITLE_SIZE);
  baseline -= NAME_SIZE * 1.8;
  centred(content.name, baseline, NAME_SIZE);
  baseline -= DETAIL_SIZE * 2;
  centred(place, baseline, DETAIL_SIZE);

  const codeTop = baseline - DETAIL_SIZE * 2;
  await drawCode(pdf, page, content.code, { left: (WIDTH - CODE_SIDE) / 2, top: codeTop, side: CODE_SIDE });
  centred(POSTER_INSTRUCTION, codeTop - CODE_SIDE - INSTRUCTION_SIZE * 2, INSTRUCTION_SIZE);
  return pdf.save();
}

async function drawCode(pdf: PDFDocument, page: PDFPage, code: MiniProgramCode, box: { left: number; top: number; side: number }): Promise<void> {
  if (code.kind === 'qr') {
    drawQr(page, code.text, box);
    return;
  }
  const image = code.format === 'png' ? await pdf.embedPng(code.bytes) : await pdf.embedJpg(code.bytes);
  const { width, height } = image.scaleToFit(box.side, box.side);
  page.drawImage(image, { x: box.left + (box.side - width) / 2, y: box.top - box.side + (box.side - height) / 2, width, height });
}
