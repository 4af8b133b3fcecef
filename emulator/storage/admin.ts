import { AdminError, type AdminRequest, type AdminResponse } from '../service';
import { checkCloudPath, checkEnv, parseFileId, toFileId, type FileRef } from './paths';
import type { Grant } from './signing';
import type { FileStore } from './store';

export interface AdminDeps {
  store: FileStore;
  /** A signed URL of the emulator's own, valid for `lifetimeSeconds`. */
  issueUrl(grant: Grant, file: FileRef, lifetimeSeconds: number): string;
}

const UPLOAD_URL_SECONDS = 10 * 60;
// WeChat documents temporary file URLs as valid for two hours when no maxAge is given.
const DEFAULT_MAX_AGE_SECONDS = 2 * 60 * 60;
// CloudBase takes at most 50 files per getTempFileURL or deleteFile call.
const MAX_FILES_PER_CALL = 50;

type Fields = Record<string, unknown>;

function invalid(message: string): AdminError {
  return new AdminError('INVALID_PARAM', message);
}

function fileList(request: AdminRequest, field: string): unknown[] {
  const list = request[field];
  if (!Array.isArray(list)) throw invalid(`${field} must be an array`);
  if (list.length > MAX_FILES_PER_CALL) throw invalid(`${field} has ${list.length} files; CloudBase takes at most ${MAX_FILES_PER_CALL} per call`);
  return list;
}

/** Batch calls answer per file: a failure becomes that file's code and message, as CloudBase does. */
function perFile(fileID: unknown, answer: () => Fields): Fields {
  try {
    return { fileID, ...answer(), code: 'SUCCESS' };
  } catch (error) {
    if (error instanceof AdminError) return { fileID, code: error.code, message: error.message };
    throw error;
  }
}

function missing(fileID: unknown): AdminError {
  return new AdminError('STORAGE_FILE_NONEXIST', `file ${String(fileID)} does not exist`);
}

function maxAgeOf(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_MAX_AGE_SECONDS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw invalid(`maxAge must be a positive whole number of seconds, not ${JSON.stringify(value)}`);
  }
  return value;
}

/** The `storage.*` actions @cloudbase/node-sdk 3.18.3 sends (src/storage/index.ts), answered in its shapes. */
export function createAdminActions({ store, issueUrl }: AdminDeps): (request: AdminRequest) => Promise<AdminResponse> {
  const actions = new Map<string, (request: AdminRequest) => AdminResponse>([
    [
      // uploadFile, step 1: where to PUT the bytes. The signed URL is the whole credential; the SDK copies
      // token, authorization and cosFileId into request headers, so they must be strings.
      'storage.getUploadMetadata',
      (request) => {
        const file = { env: checkEnv(request.envName), cloudPath: checkCloudPath(request.path) };
        if (request.method !== 'put') {
          throw invalid(`the emulator only hands out PUT upload URLs (method: 'put'), not ${JSON.stringify(request.method)}`);
        }
        const url = issueUrl('upload', file, UPLOAD_URL_SECONDS);
        return { data: { url, token: '', authorization: '', fileId: toFileId(file), cosFileId: '' } };
      },
    ],
    [
      // getTempFileURL, downloadFile and getFileInfo. url_type (COS_URL) is ignored: there is one kind of URL.
      'storage.batchGetDownloadUrl',
      (request) => {
        const downloads = fileList(request, 'file_list').map((item) => {
          const { fileid, max_age } = (typeof item === 'object' && item !== null ? item : {}) as Fields;
          return {
            tempFileURL: '',
            ...perFile(fileid, () => {
              const file = parseFileId(fileid);
              const maxAge = maxAgeOf(max_age);
              if (!store.head(file)) throw missing(fileid);
              return { tempFileURL: issueUrl('download', file, maxAge), maxAge };
            }),
          };
        });
        return { data: { download_list: downloads } };
      },
    ],
    [
      'storage.batchDeleteFile',
      (request) => {
        const deleted = fileList(request, 'fileid_list').map((fileID) =>
          perFile(fileID, () => {
            if (!store.remove(parseFileId(fileID))) throw missing(fileID);
            return {};
          }),
        );
        return { data: { delete_list: deleted } };
      },
    ],
  ]);

  return async (request) => {
    const action = actions.get(request.action);
    if (!action) {
      throw new AdminError('INVALID_ACTION', `the local emulator does not implement ${request.action} (it has ${[...actions.keys()].join(', ')})`);
    }
    return action(request);
  };
}
