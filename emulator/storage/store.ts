import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileRef } from './paths';

export interface FileMeta {
  cloudPath: string;
  size: number;
  contentType: string;
  /** Epoch ms. */
  uploadedAt: number;
}

export interface StoredFile {
  meta: FileMeta;
  bytes: Buffer;
}

/**
 * A flat key space per environment, as in COS: "a" and "a/b" can both be files. Every method is synchronous,
 * so an upload, a read and a delete of the same file never interleave.
 */
export interface FileStore {
  put(file: FileRef, stored: StoredFile): void;
  head(file: FileRef): FileMeta | null;
  get(file: FileRef): StoredFile | null;
  /** False when there was no such file. */
  remove(file: FileRef): boolean;
  close(): void;
}

export function memoryStore(): FileStore {
  const files = new Map<string, StoredFile>();
  const key = (file: FileRef): string => `${file.env}/${file.cloudPath}`;
  return {
    put: (file, stored) => void files.set(key(file), stored),
    head: (file) => files.get(key(file))?.meta ?? null,
    get: (file) => files.get(key(file)) ?? null,
    remove: (file) => files.delete(key(file)),
    close: () => files.clear(),
  };
}

interface Sidecar {
  meta: FileMeta;
  /** Name of the bytes file beside the sidecar; a fresh name per upload. */
  dataFile: string;
}

/**
 * Files on disk as `<dir>/<env>/<sha256 of cloudPath>.json` (the metadata, naming the data file) plus the data
 * file. Hashed names keep any cloudPath inside `dir` and avoid file/folder clashes. The data is written first
 * under a new name and the sidecar is then replaced atomically, so a crash at any point leaves either the old
 * or the new file whole (at worst an orphan data file).
 */
export function diskStore(dir: string): FileStore {
  fs.mkdirSync(dir, { recursive: true });
  const locate = (file: FileRef): { folder: string; id: string; sidecar: string } => {
    const folder = path.join(dir, file.env);
    const id = createHash('sha256').update(file.cloudPath).digest('hex');
    return { folder, id, sidecar: path.join(folder, `${id}.json`) };
  };
  const readSidecar = (sidecar: string): Sidecar | null => {
    try {
      return JSON.parse(fs.readFileSync(sidecar, 'utf8')) as Sidecar;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };

  return {
    put(file, { meta, bytes }) {
      const { folder, id, sidecar } = locate(file);
      fs.mkdirSync(folder, { recursive: true });
      const previous = readSidecar(sidecar);
      const dataFile = `${id}.${randomBytes(6).toString('hex')}.data`;
      fs.writeFileSync(path.join(folder, dataFile), bytes);
      const temporary = `${sidecar}.${randomBytes(6).toString('hex')}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify({ meta, dataFile } satisfies Sidecar, null, 2));
      fs.renameSync(temporary, sidecar);
      if (previous) fs.rmSync(path.join(folder, previous.dataFile), { force: true });
    },
    head(file) {
      return readSidecar(locate(file).sidecar)?.meta ?? null;
    },
    get(file) {
      const { folder, sidecar } = locate(file);
      const found = readSidecar(sidecar);
      return found && { meta: found.meta, bytes: fs.readFileSync(path.join(folder, found.dataFile)) };
    },
    remove(file) {
      const { folder, sidecar } = locate(file);
      const found = readSidecar(sidecar);
      if (!found) return false;
      fs.rmSync(sidecar);
      fs.rmSync(path.join(folder, found.dataFile), { force: true });
      return true;
    },
    close() {
      // Nothing is held open between calls.
    },
  };
}
