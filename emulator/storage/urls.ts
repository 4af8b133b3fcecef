import { AdminError } from '../service';
import { checkCloudPath, checkEnv, type FileRef } from './paths';
import type { Grant } from './signing';

/**
 * `<base>/storage/<grant>/<env>/<cloudPath>?<query>`. The cloudPath is left unencoded, as CloudBase's own
 * temporary URLs are: the SDK runs encodeURI over them before fetching (downloadFile, getFileInfo), so an
 * encoded path would arrive encoded twice. Plain `fetch` and mini-program <image> encode it themselves.
 */
export function storageUrl(base: string, grant: Grant, file: FileRef, query: string): string {
  return `${base}/storage/${grant}/${file.env}/${file.cloudPath}?${query}`;
}

/** Null for paths that are not ours; throws AdminError for ours that name no valid file. */
export function parseStorageUrl(pathname: string): { grant: Grant; file: FileRef } | null {
  const match = /^\/storage\/(upload|download)\/([^/]+)\/(.+)$/.exec(pathname);
  if (!match) return null;
  const [, grant, env, encodedPath] = match as unknown as [string, Grant, string, string];
  let cloudPath: string;
  try {
    cloudPath = decodeURIComponent(encodedPath);
  } catch {
    throw new AdminError('INVALID_PARAM', `the path ${pathname} is not validly percent-encoded`);
  }
  return { grant, file: { env: checkEnv(env), cloudPath: checkCloudPath(cloudPath) } };
}
