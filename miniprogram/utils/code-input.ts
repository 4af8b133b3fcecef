/** A one-time code in groups of four, easier to read aloud and to type; the server ignores spaces and dashes. */
export function groupCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}
