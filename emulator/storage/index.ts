import type { AdminService, HttpRoutes } from '../service';
import { createAdminActions } from './admin';
import { createHttpRoutes } from './http-routes';
import { createUrlSigner } from './signing';
import { diskStore, memoryStore } from './store';
import { storageUrl } from './urls';

export interface StorageOptions {
  /** Folder for the stored files; null keeps them in memory. */
  dir: string | null;
  /** The emulator's own address (e.g. http://127.0.0.1:8787), read when a URL is issued. */
  baseUrl: () => string;
  /** Epoch ms; decides URL expiry and upload times. */
  now?: () => number;
  /** Largest accepted upload in bytes; 20 MB by default. */
  maxUploadBytes?: number;
}

export interface EmulatorStorage extends AdminService, HttpRoutes {
  close(): void;
}

const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * CloudBase cloud storage for the unmodified @cloudbase/node-sdk: `storage.*` admin actions plus the signed
 * upload and download URLs they hand out, which point back at this emulator.
 */
export function openStorage(options: StorageOptions): EmulatorStorage {
  const store = options.dir === null ? memoryStore() : diskStore(options.dir);
  const signer = createUrlSigner();
  const now = options.now ?? Date.now;
  return {
    handleAdmin: createAdminActions({
      store,
      issueUrl: (grant, file, lifetimeSeconds) =>
        storageUrl(options.baseUrl(), grant, file, signer.query(grant, file, now() + lifetimeSeconds * 1000)),
    }),
    handleHttp: createHttpRoutes({ store, signer, now, maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES }),
    close: () => store.close(),
  };
}
