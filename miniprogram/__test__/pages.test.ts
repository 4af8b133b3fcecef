import * as fs from 'fs';
import * as path from 'path';
import { ROUTES } from '../utils/routes';

/** The structure WeChat needs and simulate cannot see: registered pages, links to them, component paths. */
const ROOT = path.resolve(__dirname, '..');

function readJson(relative: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, relative), 'utf8')) as Record<string, unknown>;
}

function wxmlFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.wxml'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

const registered = (readJson('app.json').pages as string[]).map((page) => `/${page}`);
const folders = [...registered.map((page) => page.slice(1)), ...fs.readdirSync(path.join(ROOT, 'components')).map((name) => `components/${name}/index`)];

describe('pages and links', () => {
  test('app.json registers every route, home first (the page WeChat opens)', () => {
    expect(registered).toEqual(Object.values(ROUTES));
    expect(registered[0]).toBe(ROUTES.home);
  });

  test.each(folders)('%s has its ts, wxml, wxss and json, and a __test__ folder', (page) => {
    for (const extension of ['ts', 'wxml', 'wxss', 'json']) expect(fs.existsSync(path.join(ROOT, `${page}.${extension}`))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, path.dirname(page), '__test__'))).toBe(true);
  });

  test.each(folders)('%s uses only components that exist', (page) => {
    const using = (readJson(`${page}.json`).usingComponents ?? {}) as Record<string, string>;
    for (const component of Object.values(using)) expect(fs.existsSync(path.join(ROOT, `${component}.json`))).toBe(true);
  });

  // A page rendered with it on is tested in behaviors/__test__/elder-mode.test.ts; this keeps every page in.
  test.each(registered)('%s follows 长辈模式: the elderMode behavior, and tx-elder on its root view', (page) => {
    expect(fs.readFileSync(path.join(ROOT, `${page}.ts`), 'utf8')).toMatch(/behaviors: \[[^\]]*\belderMode\b/);
    const root = /^<view class="[^"]*"/m.exec(fs.readFileSync(path.join(ROOT, `${page}.wxml`), 'utf8'));
    expect(root?.[0]).toContain("{{elder ? ' tx-elder' : ''}}");
  });

  test('every data-url in a template names a registered page', () => {
    const links = [...wxmlFiles('pages'), ...wxmlFiles('components')].flatMap((file) =>
      [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/data-url="([^"]+)"/g)].map((match) => ({ file, url: match[1] })),
    );

    expect(links.length).toBeGreaterThan(0);
    for (const { file, url } of links) expect({ file, url, registered: registered.includes(url) }).toEqual({ file, url, registered: true });
  });
});
