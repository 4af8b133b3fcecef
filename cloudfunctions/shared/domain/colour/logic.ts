/** Small readers of JsonLogic trees, shared by the loader and the prefilters. */

export function isPlainObject(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** The name a `{ "var": name }` or `{ "var": [name, default] }` reads, if node is one. */
export function varPath(node: unknown): string | undefined {
  if (!isPlainObject(node) || !Object.hasOwn(node, 'var')) return undefined;
  const name: unknown = Array.isArray(node.var) ? node.var[0] : node.var;
  return typeof name === 'string' ? name : undefined;
}

/** A value JsonLogic returns as it is: no operation inside. */
export function isLiteral(node: unknown): boolean {
  return !isPlainObject(node) && !(Array.isArray(node) && node.some((item) => !isLiteral(item)));
}

/** The value at a dotted path, own properties only; `found` tells a missing path from a stored undefined. */
export function valueAt(root: unknown, path: string): { found: boolean; value: unknown } {
  let value = root;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return { found: false, value: undefined };
    value = (value as Record<string, unknown>)[segment];
  }
  return { found: true, value };
}
