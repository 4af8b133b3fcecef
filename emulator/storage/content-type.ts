import path from 'node:path';

// The SDK's upload sends no content-type, so, like COS, the type is guessed from the extension.
// Text types name their charset so that Chinese text shows correctly when opened from a URL.
const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.mp4': 'video/mp4',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** The type given with the upload if any, else the one guessed from the cloudPath's extension. */
export function contentTypeFor(cloudPath: string, given: string | undefined): string {
  if (given) return given;
  return BY_EXTENSION[path.extname(cloudPath).toLowerCase()] ?? 'application/octet-stream';
}
