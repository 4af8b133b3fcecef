/**
 * uCharts as Jest can load it. @qiun/ucharts ships only as an ES module (WeChat DevTools' npm build and esbuild
 * read that), and Jest transforms nothing under node_modules; a test mocks the module with this CommonJS copy
 * of the very same file:
 *   jest.mock('@qiun/ucharts', () => jest.requireActual('<path>/test-support/ucharts').uChartsModule());
 */
import * as fs from 'fs';
import * as path from 'path';

/** The file package.json's main names (the typings in this folder type `require` without `resolve`). */
const UCHARTS = path.resolve(__dirname, '../../node_modules/@qiun/ucharts/u-charts.js');
const EXPORT = /^export default uCharts;\s*$/m;

export function uChartsModule(): { __esModule: true; default: unknown } {
  const source = fs.readFileSync(UCHARTS, 'utf8');
  if (!EXPORT.test(source)) throw new Error('@qiun/ucharts no longer ends with "export default uCharts;": update test-support/ucharts.ts');
  const module = { exports: {} as { default?: unknown } };
  new Function('module', `${source.replace(EXPORT, 'module.exports.default = uCharts;')}`)(module);
  return { __esModule: true, default: module.exports.default };
}
