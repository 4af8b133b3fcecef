import type { Failure, OfflineScan } from '../../typings/contract';
import { callFunction } from './cloud';

/**
 * Scans the guard's phone verified offline, kept in wx storage until guard.uploadScans has acknowledged them,
 * so that each reaches the scan log exactly once: a scan leaves the queue only after the server answered that it
 * stored it (or already had it: the server keys scans by clientScanId, so a retry after a lost answer is harmless),
 * and one upload runs at a time.
 */
const QUEUE_KEY = 'tx.guard.offlineScans';

/** Scans per call: small enough for one function call's payload, large enough to empty a day offline in a few calls. */
export const UPLOAD_BATCH = 50;

/**
 * At about 150 bytes a scan, 5,000 scans stay well under WeChat's 1 MB per storage key; past that the oldest are
 * dropped, which only happens after days offline.
 */
export const MAX_QUEUED_SCANS = 5000;

export type UploadOutcome = { ok: true; uploaded: number } | { ok: false; uploaded: number; failure: Failure };

let upload: Promise<UploadOutcome> | null = null;

/** Adds a scan verified offline, with a fresh clientScanId, and returns it. */
export function queueScan(scan: Omit<OfflineScan, 'clientScanId'>): OfflineScan {
  const queued: OfflineScan = { clientScanId: newClientScanId(scan.scannedAt), ...scan };
  const queue = [...queuedScans(), queued];
  if (queue.length > MAX_QUEUED_SCANS) console.warn(`scan queue full: dropping the ${queue.length - MAX_QUEUED_SCANS} oldest offline scans`);
  wx.setStorageSync(QUEUE_KEY, queue.slice(-MAX_QUEUED_SCANS));
  return queued;
}

export function queuedScans(): OfflineScan[] {
  const stored: unknown = wx.getStorageSync(QUEUE_KEY);
  return Array.isArray(stored) ? (stored as OfflineScan[]) : [];
}

/**
 * Uploads the queue in batches until it is empty or a call fails (the rest stays for the next time). A call while
 * an upload runs joins it rather than sending the same scans twice.
 */
export function uploadQueuedScans(): Promise<UploadOutcome> {
  upload ??= uploadBatches().finally(() => {
    upload = null;
  });
  return upload;
}

async function uploadBatches(): Promise<UploadOutcome> {
  let uploaded = 0;
  for (let batch = queuedScans().slice(0, UPLOAD_BATCH); batch.length > 0; batch = queuedScans().slice(0, UPLOAD_BATCH)) {
    const result = await callFunction('guard', 'uploadScans', { scans: batch });
    if (!result.ok) return { ok: false, uploaded, failure: result };
    // Read again: scans queued while the call ran must stay.
    const acknowledged = new Set(batch.map((scan) => scan.clientScanId));
    wx.setStorageSync(QUEUE_KEY, queuedScans().filter((scan) => !acknowledged.has(scan.clientScanId)));
    uploaded += batch.length;
  }
  return { ok: true, uploaded };
}

/** The scan time and 62 random bits: two phones would have to draw the same bits in the same millisecond. */
function newClientScanId(scannedAt: number): string {
  const random = () => Math.floor(Math.random() * 2 ** 31).toString(36);
  return `${scannedAt.toString(36)}-${random()}${random()}`;
}
