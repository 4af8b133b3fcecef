import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../emulator/http-util';
import { useEmulatorForSdk } from '../../emulator/sdk-env';

interface ObservedRequest {
  action: string;
  arrivedAt: number;
  answeredAt: number;
}

export interface Measured<T> {
  result: T;
  /** The longest chain of database requests each sent after the one before it was answered. */
  roundTrips: number;
  /** The database actions requested (database.getDocument, database.insertDocument …), in arrival order. */
  actions: string[];
}

/**
 * The longest chain of requests in which each arrived after the previous one was answered: requests sent
 * together (Promise.all) share one step, a request sent after another's answer adds one.
 */
export function longestChain(requests: readonly ObservedRequest[]): number {
  const sorted = [...requests].sort((a, b) => a.arrivedAt - b.arrivedAt);
  const depth: number[] = [];
  sorted.forEach((request, index) => {
    const before = sorted.slice(0, index).map((earlier, at) => (earlier.answeredAt <= request.arrivedAt ? depth[at] : 0));
    depth.push(1 + Math.max(0, ...before));
  });
  return Math.max(0, ...depth);
}

/**
 * Counts the database round trips of a piece of work through the real node-sdk: a proxy in front of the
 * emulator holds every request `delayMs` before passing it on, so that requests a function sends together
 * all arrive before the first of them is answered, whatever the SDK does between sending them. The SDK is
 * pointed at the proxy only while `measure` runs.
 */
export async function roundTripCounter(emulatorUrl: string, delayMs = 40) {
  let observed: ObservedRequest[] = [];
  const server = http.createServer((req, res) => {
    const arrivedAt = performance.now();
    void (async () => {
      const body = await readBody(req);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const upstream = await fetch(`${emulatorUrl}${req.url ?? '/'}`, {
        method: req.method,
        headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
        body: req.method === 'GET' ? undefined : body,
      });
      const answer = Buffer.from(await upstream.arrayBuffer());
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(answer);
      const { action } = JSON.parse(body.toString('utf8') || '{}') as { action?: string };
      observed.push({ action: action ?? '?', arrivedAt, answeredAt: performance.now() });
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    async measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
      observed = [];
      useEmulatorForSdk(proxyUrl);
      try {
        const result = await work();
        const requests = [...observed];
        return { result, roundTrips: longestChain(requests), actions: requests.sort((a, b) => a.arrivedAt - b.arrivedAt).map((request) => request.action) };
      } finally {
        useEmulatorForSdk(emulatorUrl);
      }
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
