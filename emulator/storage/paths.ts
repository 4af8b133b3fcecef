import { AdminError } from '../service';

/** Where a file lives: the environment (one bucket each) and its key inside the bucket. */
export interface FileRef {
  env: string;
  cloudPath: string;
}

// The SDK's own rule for environment ids (utils.isValidEnvFormat). It also keeps ids safe as folder names.
const ENV_ID = /^[a-z0-9_-]{1,40}$/;
// CloudBase documents cloudPath as letters/digits (Chinese included) and ! - _ . * ' ( ) plus "/" for folders.
// Keeping to that set also keeps '?', '#' and '%' out, which would not survive the round trip through a URL.
const CLOUD_PATH_CHARS = /^[\p{L}\p{N}!\-_.*'() /]+$/u;
// COS object keys are limited to 850 bytes.
const MAX_CLOUD_PATH_BYTES = 850;

function invalid(message: string): AdminError {
  return new AdminError('INVALID_PARAM', message);
}

export function checkEnv(env: unknown): string {
  if (typeof env !== 'string' || !ENV_ID.test(env)) {
    throw invalid(`environment id ${JSON.stringify(env)} is not valid (expected ${ENV_ID.source})`);
  }
  return env;
}

/**
 * Refuses paths that are not plain keys. Besides keeping files inside the storage folder, "." and ".."
 * segments would be rewritten by every URL parser, so a signed URL for them could never be fetched.
 */
export function checkCloudPath(cloudPath: unknown): string {
  if (typeof cloudPath !== 'string' || cloudPath === '') throw invalid('cloudPath must be a non-empty string');
  const shown = JSON.stringify(cloudPath);
  if (cloudPath.startsWith('/')) throw invalid(`cloudPath ${shown} must be relative: drop the leading "/"`);
  for (const segment of cloudPath.split('/')) {
    if (segment === '') throw invalid(`cloudPath ${shown} has an empty segment ("//" or a trailing "/")`);
    if (segment === '.' || segment === '..') throw invalid(`cloudPath ${shown} may not contain "." or ".." segments`);
  }
  if (!CLOUD_PATH_CHARS.test(cloudPath)) {
    throw invalid(`cloudPath ${shown} may only contain letters, digits, spaces, "/" and ! - _ . * ' ( )`);
  }
  if (Buffer.byteLength(cloudPath) > MAX_CLOUD_PATH_BYTES) {
    throw invalid(`cloudPath ${shown} is longer than ${MAX_CLOUD_PATH_BYTES} bytes`);
  }
  return cloudPath;
}

/** A bucket name in CloudBase's shape (hex of the id's first two letters, the id, an account number). */
export function bucketOf(env: string): string {
  return `${Buffer.from(env.slice(0, 2)).toString('hex')}-${env}-1250000000`;
}

export function toFileId({ env, cloudPath }: FileRef): string {
  return `cloud://${env}.${bucketOf(env)}/${cloudPath}`;
}

/** Reads `cloud://<env>.<bucket>/<cloudPath>`; a file of another bucket cannot be in this emulator. */
export function parseFileId(fileID: unknown): FileRef {
  const match = typeof fileID === 'string' ? /^cloud:\/\/([^./]+)\.([^/]+)\/(.+)$/.exec(fileID) : null;
  if (!match) throw invalid(`fileID ${JSON.stringify(fileID)} is not of the form cloud://<envId>.<bucket>/<cloudPath>`);
  const [, env, bucket, cloudPath] = match as unknown as [string, string, string, string];
  const ref = { env: checkEnv(env), cloudPath: checkCloudPath(cloudPath) };
  if (bucket !== bucketOf(ref.env)) {
    throw new AdminError('STORAGE_FILE_NONEXIST', `${fileID} is not in this emulator's bucket ${bucketOf(ref.env)}`);
  }
  return ref;
}
