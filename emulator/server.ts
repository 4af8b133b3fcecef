import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { DatabaseSchema } from '../cloudfunctions/shared/schema';
import { AdminError, type AdminRequest, type AdminResponse } from './service';
import { openDatabase, type EmulatorDatabase } from './db';
import { errorMessage } from './db/errors';
import { openStorage, type EmulatorStorage } from './storage';
import { readBody, sendJson } from './http-util';
import { createFunctionsRuntime, type FunctionsRuntime } from './runtime';
import { createPreviewRoutes, type PreviewOptions } from './preview';
import type { ProjectFunctions } from '../scripts/lib/cloudbaserc';

export interface EmulatorOptions {
  /** 0 picks a free port. The emulator trusts the caller header, so it only ever binds to loopback. */
  port: number;
  /** Folder for the SQLite file and stored files; null keeps everything in memory (tests). */
  dataDir: string | null;
  schema: DatabaseSchema;
  /** The built functions to serve; null serves only the database and storage (emulator tests). */
  functions: ProjectFunctions | null;
  /** The browser preview of the mini-program under /preview/ (npm start, end-to-end tests); none when absent. */
  preview?: PreviewOptions;
}

export interface RunningEmulator {
  url: string;
  port: number;
  database: EmulatorDatabase;
  storage: EmulatorStorage;
  runtime: FunctionsRuntime | null;
  server: http.Server;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const database = openDatabase({
    file: options.dataDir === null ? null : path.join(options.dataDir, 'database.sqlite'),
    schema: options.schema,
  });
  const runtime = options.functions ? createFunctionsRuntime(options.functions) : null;
  const preview = options.preview ? createPreviewRoutes(options.preview) : null;
  let url = '';
  const storage = openStorage({
    dir: options.dataDir === null ? null : path.join(options.dataDir, 'storage'),
    baseUrl: () => url,
  });

  async function handleAdmin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    let response: AdminResponse;
    try {
      const request = JSON.parse((await readBody(req)).toString('utf8')) as AdminRequest;
      if (typeof request?.action !== 'string') throw new AdminError('INVALID_PARAM', 'missing action');
      const family = request.action.split('.')[0];
      if (family === 'database') response = await database.handleAdmin(request);
      else if (family === 'storage') response = await storage.handleAdmin(request);
      else throw new AdminError('INVALID_ACTION', `the local emulator does not implement action ${request.action}`);
    } catch (error) {
      response =
        error instanceof AdminError
          ? { code: error.code, message: error.message }
          : { code: 'SYS_ERR', message: errorMessage(error) };
    }
    sendJson(res, 200, { requestId, ...response });
  }

  const server = http.createServer((req, res) => {
    const requestUrl = new URL(req.url ?? '/', url || 'http://127.0.0.1');
    const route = async (): Promise<void> => {
      if (requestUrl.pathname === '/admin' && req.method === 'POST') return handleAdmin(req, res);
      if (await storage.handleHttp(req, res, requestUrl)) return;
      if (runtime && (await runtime.handleHttp(req, res, requestUrl))) return;
      if (preview && (await preview.handleHttp(req, res, requestUrl))) return;
      sendJson(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${requestUrl.pathname}` });
    };
    route().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { code: 'SYS_ERR', message: String(error) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    database,
    storage,
    runtime,
    server,
    async close() {
      runtime?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      storage.close();
      database.close();
    },
  };
}
