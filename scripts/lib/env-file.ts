import fs from 'node:fs';

/**
 * A dotenv-style file: `NAME=value` lines, `#` comments, blank lines. The value is everything after the first
 * `=` (JSON values such as FEED_PARTNERS need no quoting); one pair of surrounding quotes is removed.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    // The line number only: the line itself may hold a secret.
    if (!match) throw new Error(`line ${index + 1} is not NAME=value`);
    const value = match[2].trim();
    values[match[1]] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return values;
}

export function readEnvFile(file: string): Record<string, string> {
  if (!fs.existsSync(file)) throw new Error(`env file ${file} does not exist`);
  try {
    return parseEnvFile(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`env file ${file}: ${(error as Error).message}`, { cause: error });
  }
}
