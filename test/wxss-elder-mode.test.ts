import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../scripts/lib/cloudbaserc';

/**
 * 长辈模式 reaches every page and component (the person sees no mix of large and small text): app.wxss sets
 * --tx-scale to 1, and larger under .tx-elder; every other WXSS writes its font sizes, and line heights given as
 * lengths, as calc(<size>rpx * var(--tx-scale)). A size may instead be enlarged by a `.tx-elder <selector>` rule of
 * its own file (home's and the code page's deliberate ones), or be listed below with the reason it stays.
 */
const MINIPROGRAM = path.join(ROOT, 'miniprogram');
const SCALED = /^calc\(\s*\d+(?:\.\d+)?rpx\s*\*\s*var\(--tx-scale\)\s*\)$/;

const EXEMPT: readonly { file: string; selector: string; reason: string }[] = [
  { file: 'pages/home/index.wxss', selector: '.tx-home__subtitle', reason: 'it carries tx-secondary, hidden in 长辈模式' },
  { file: 'pages/guard/index.wxss', selector: '.tx-guard__title', reason: 'it fills the width already: larger would wrap 不是通行码' },
  { file: 'components/one-time-code/index.wxss', selector: '.tx-one-time-code__code', reason: 'larger, its nine characters no longer fit one line' },
  { file: 'components/pass-card/index.wxss', selector: '.tx-pass-card__id', reason: 'larger, its 18 characters overflow the column beside the photo' },
  { file: 'components/colour-badge/index.wxss', selector: '.tx-colour-badge--huge', reason: 'it is the 长辈模式 size the code page asks for' },
];

interface Declaration {
  file: string;
  selector: string;
  property: string;
  value: string;
}

/** WXSS files of the mini-program, root-relative, without app.wxss, tests and node_modules. */
function wxssFiles(): string[] {
  return (fs.readdirSync(MINIPROGRAM, { recursive: true }) as string[])
    .map((file) => file.replace(/\\/g, '/'))
    .filter((file) => file.endsWith('.wxss') && file !== 'app.wxss' && !/(^|\/)(node_modules|__test__)\//.test(file))
    .sort();
}

/** Every declaration of a stylesheet, once per selector of its rule (WXSS has no nesting; @media blocks are read through). */
function declarations(file: string, css: string): Declaration[] {
  const found: Declaration[] = [];
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [, selectors, body] of withoutComments.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    for (const declaration of body.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon < 0) continue;
      const property = declaration.slice(0, colon).trim();
      const value = declaration.slice(colon + 1).trim();
      for (const selector of selectors.split(',')) found.push({ file, selector: selector.trim().replace(/\s+/g, ' '), property, value });
    }
  }
  return found;
}

function read(file: string): string {
  return fs.readFileSync(path.join(MINIPROGRAM, file), 'utf8');
}

/** What 长辈模式 would not enlarge: fixed font sizes and line heights with neither the scale, an override nor an exemption. */
function escaping(file: string, css: string): string[] {
  const all = declarations(file, css);
  const overridden = new Set(all.filter((d) => d.property === 'font-size' && d.selector.startsWith('.tx-elder ')).map((d) => d.selector.slice('.tx-elder '.length)));
  return all
    .filter((d) => d.property === 'font-size' || (d.property === 'line-height' && /\d(rpx|px)/.test(d.value)))
    .filter((d) => !d.selector.startsWith('.tx-elder ') && !SCALED.test(d.value))
    .filter((d) => !(d.property === 'font-size' && overridden.has(d.selector)))
    .filter((d) => !EXEMPT.some((e) => e.file === d.file && e.selector === d.selector))
    .map((d) => `${d.file} ${d.selector} { ${d.property}: ${d.value} }`);
}

describe('长辈模式 in the WXSS', () => {
  test('app.wxss sets --tx-scale to 1 on the page and larger under .tx-elder', () => {
    const app = declarations('app.wxss', read('app.wxss')).filter((d) => d.property === '--tx-scale');
    expect(app.find((d) => d.selector === 'page')?.value).toBe('1');
    expect(Number(app.find((d) => d.selector === '.tx-elder')?.value)).toBeGreaterThan(1);
  });

  test("no page's or component's own font size escapes it", () => {
    const files = wxssFiles();
    expect(files).toEqual(expect.arrayContaining(['pages/guard/index.wxss', 'components/pass-card/index.wxss']));
    expect(files.flatMap((file) => escaping(file, read(file)))).toEqual([]);
  });

  test('each exemption names a size that is still there', () => {
    for (const { file, selector } of EXEMPT) {
      expect(declarations(file, read(file)).some((d) => d.selector === selector && d.property === 'font-size')).toBe(true);
    }
  });

  test('would catch a fixed size, and accepts the scale or an override of its own file', () => {
    expect(escaping('pages/x/index.wxss', '.a { font-size: 32rpx; } .b { line-height: 56rpx; } .c { line-height: 1.6; }')).toEqual([
      'pages/x/index.wxss .a { font-size: 32rpx }',
      'pages/x/index.wxss .b { line-height: 56rpx }',
    ]);
    const fine = '.a, .b { font-size: calc(32rpx * var(--tx-scale)); } .c { font-size: 40rpx; } .tx-elder .c { font-size: 56rpx; }';
    expect(escaping('pages/x/index.wxss', fine)).toEqual([]);
  });
});
