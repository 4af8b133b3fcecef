import fs from 'node:fs';
import path from 'node:path';

/**
 * What a mini-program is made of, found the way WeChat finds it: the pages app.json lists (its subpackages'
 * too) and the components reached from app.json's and the pages' usingComponents, followed through the
 * components' own. Shared by the browser preview and the upload build, so both ship the same set.
 */
export interface MiniprogramUnits {
  /** app.json as written. */
  appJson: string;
  /** Root-relative paths without extension (pages/home/index), app.json's order, subpackages after. */
  pages: string[];
  /** Components in use, sorted; a component nothing uses is not here. */
  components: string[];
}

interface AppJson {
  pages?: unknown;
  subpackages?: unknown;
  subPackages?: unknown;
  usingComponents?: Record<string, string>;
}

interface UnitJson {
  usingComponents?: Record<string, string>;
}

interface Subpackage {
  root: string;
  pages: string[];
}

export function readMiniprogramUnits(root: string): MiniprogramUnits {
  const appFile = path.join(root, 'app.json');
  if (!fs.existsSync(appFile)) throw new Error(`no app.json in ${root}`);
  const appJson = fs.readFileSync(appFile, 'utf8');
  const app = parseJson<AppJson>(appJson, 'app.json');
  if (!isStringArray(app.pages) || app.pages.length === 0) throw new Error('app.json: pages must be a non-empty list of page paths');
  const subpackages = (app.subpackages ?? app.subPackages ?? []) as Subpackage[];
  if (!Array.isArray(subpackages) || !subpackages.every((sub) => typeof sub.root === 'string' && isStringArray(sub.pages))) {
    throw new Error('app.json: every subpackage needs a root and a list of pages');
  }
  const pages = [...app.pages, ...subpackages.flatMap((sub) => sub.pages.map((page) => path.posix.join(sub.root, page)))];
  return { appJson, pages, components: reachableComponents(root, app, pages) };
}

/** Components used by app.json (global components) and the pages, directly or through other components. */
function reachableComponents(root: string, app: AppJson, pages: readonly string[]): string[] {
  const found = new Set<string>();
  const follow = (from: string, usingComponents: Record<string, string> | undefined): void => {
    for (const target of Object.values(usingComponents ?? {})) {
      // Absolute paths start at the mini-program root; plugin:// components do not exist outside WeChat.
      if (target.startsWith('plugin://')) continue;
      const component = target.startsWith('/') ? target.slice(1) : path.posix.join(path.posix.dirname(from), target);
      if (found.has(component)) continue;
      found.add(component);
      visit(component, `${from}.json`);
    }
  };
  const visit = (unit: string, usedBy: string): void => {
    const file = path.join(root, `${unit}.json`);
    if (!fs.existsSync(file)) throw new Error(`${unit} is used (${usedBy}) but ${unit}.json does not exist`);
    follow(unit, parseJson<UnitJson>(fs.readFileSync(file, 'utf8'), `${unit}.json`).usingComponents);
  };
  follow('app', app.usingComponents);
  for (const page of pages) visit(page, 'app.json');
  return [...found].sort();
}

function parseJson<T>(text: string, file: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
