import fs from 'node:fs';
import path from 'node:path';
import type { CardFont } from './domain/card-pdf';

/**
 * The lettering of printed cards: Noto Sans SC Regular, subset with HarfBuzz. The build puts a copy restricted to
 * CARD_FONT_RANGES beside the staff bundle, and HarfBuzz's subsetter with it; each card then embeds a subset to
 * exactly its own characters. HarfBuzz rather than fontkit's own subsetting, which breaks the glyphs of CJK
 * TrueType fonts (Hopding/pdf-lib#1232).
 */
export const CARD_FONT_FILE = 'card-font.ttf';
export const HARFBUZZ_WASM_FILE = 'harfbuzz-subset.wasm';

/**
 * What a card can print: the labels, ID numbers, dates and nearly every name. The rarer ideographs of the
 * extension blocks would add megabytes for few people; a card prints them as '*', and the guard's online check
 * shows the name on file.
 */
export const CARD_FONT_RANGES: ReadonlyArray<readonly [first: number, last: number]> = [
  [0x0020, 0x007e], // ASCII: ID numbers, dates, the masking '*'
  [0x00b7, 0x00b7], // the middle dot between the parts of a minority name (阿依古丽·买买提)
  [0x3000, 0x303f], // CJK symbols and punctuation
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xff00, 0xffef], // full-width forms
];

function inCardFontRanges(codePoint: number): boolean {
  return CARD_FONT_RANGES.some(([first, last]) => codePoint >= first && codePoint <= last);
}

/** The packaged font and subsetter, for the build step and for running the sources (jest, tsx). */
export function packagedFontSources(): { font: string; wasm: string } {
  return {
    font: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
    wasm: require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'),
  };
}

/**
 * Where the font comes from, first match wins: beside the bundle (`__dirname` of the built function, deployed or
 * run by the emulator), where the build step put it; else the packages, when the sources run. The packaged font
 * has every glyph, but subsetting keeps CARD_FONT_RANGES only, so a character prints in tests exactly when it
 * prints in the cloud.
 */
function fontSources(): { font: string; wasm: string } {
  const besideBundle = path.join(__dirname, CARD_FONT_FILE);
  if (fs.existsSync(besideBundle)) return { font: besideBundle, wasm: path.join(__dirname, HARFBUZZ_WASM_FILE) };
  return packagedFontSources();
}

let loading: Promise<CardFont> | undefined;

/** The card font, read on the first print and kept for the life of the instance (the staff cold start is untouched). */
export function cardFont(): Promise<CardFont> {
  loading ??= openSubsetter(fontSources()).then(
    (subsetter): CardFont => ({ subset: (text) => subsetter.subset(codePointsOf(text).filter(inCardFontRanges)) }),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

function codePointsOf(text: string): number[] {
  return Array.from(text, (character) => character.codePointAt(0) as number);
}

export async function openSubsetter(sources: { font: string; wasm: string }): Promise<FontSubsetter> {
  const [wasm, font] = await Promise.all([fs.promises.readFile(sources.wasm), fs.promises.readFile(sources.font)]);
  const { instance } = await WebAssembly.instantiate(wasm);
  const hb = instance.exports as HarfBuzzSubset;
  hb._initialize();
  return new FontSubsetter(hb, font);
}

/** Node's WebAssembly global, as far as used here: lib ES2022 and @types/node 20 do not declare it. */
declare const WebAssembly: { instantiate(module: Uint8Array): Promise<{ instance: { exports: unknown } }> };

/** The exports of harfbuzzjs's harfbuzz-subset.wasm that subsetting uses (pointers are numbers). */
interface HarfBuzzSubset {
  memory: { buffer: ArrayBuffer };
  _initialize(): void;
  malloc(bytes: number): number;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_input_set(input: number, set: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;
const HB_SUBSET_FLAGS_NO_HINTING = 0x1;

/** One font loaded into HarfBuzz once (its face parsed once); each subset is a new TrueType file. */
export class FontSubsetter {
  private readonly face: number;

  constructor(
    private readonly hb: HarfBuzzSubset,
    font: Uint8Array,
  ) {
    // Never freed: the face reads from this copy for as long as the subsetter lives.
    const data = hb.malloc(font.byteLength);
    new Uint8Array(hb.memory.buffer).set(font, data);
    const blob = hb.hb_blob_create(data, font.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
    this.face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob);
  }

  /** A TrueType font with the glyphs of those code points the font has, and no others. */
  subset(codePoints: Iterable<number>): Uint8Array {
    const { hb } = this;
    const input = hb.hb_subset_input_create_or_fail();
    if (input === 0) throw new Error('HarfBuzz could not create a subset input');
    let subset: number;
    try {
      // pdf-lib draws glyph by glyph from the cmap: no layout features, and no hinting (print, not screens).
      hb.hb_set_clear(hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
      hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NO_HINTING);
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const codePoint of codePoints) hb.hb_set_add(unicodes, codePoint);
      subset = hb.hb_subset_or_fail(this.face, input);
    } finally {
      hb.hb_subset_input_destroy(input);
    }
    if (subset === 0) throw new Error('HarfBuzz could not subset the card font');
    const blob = hb.hb_face_reference_blob(subset);
    try {
      const data = hb.hb_blob_get_data(blob, 0);
      // A fresh view: subsetting may have grown (and so replaced) the wasm memory.
      return new Uint8Array(hb.memory.buffer, data, hb.hb_blob_get_length(blob)).slice();
    } finally {
      hb.hb_blob_destroy(blob);
      hb.hb_face_destroy(subset);
    }
  }
}
