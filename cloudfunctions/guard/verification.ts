import { z } from 'zod';
import type { VerdictKind } from '../../typings/contract';
import { refreshIfDue } from '../shared/colour-refresh';
import { MAX_KEY_SET_AGE_SECONDS, publicKeySet } from '../shared/domain/token';
import { judgeScan, outcomeCorrection, passVerdict, predictedOutcome, showsPerson, verifyResult, type ScanOutcome } from '../shared/domain/verdict';
import { AppError } from '../shared/errors';
import { REPORT_NOTE, reportFollowUp } from '../shared/follow-ups';
import type { ActionTable } from '../shared/handler';
import { passById, photoUrl } from '../shared/passes';
import type { RoleDocument } from '../shared/roles';
import { correctScan, logScan, newScanId, scanDocumentId, storeOfflineScans } from '../shared/scans';

const VERDICTS = ['PASS', 'CAUTION', 'STOP', 'EXPIRED', 'INVALID', 'NOT_OURS', 'REVOKED'] as const satisfies readonly VerdictKind[];
const COLOURS = ['green', 'yellow', 'red'] as const;
/** Ids made on the server or on the guard's phone: base64url, long enough to be unique per account. */
const SCAN_ID = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '扫码记录编号格式不正确');
/** A phone that was offline a long time uploads in several calls. */
const OFFLINE_SCANS_PER_UPLOAD = 200;

function guardPost(grants: RoleDocument | undefined) {
  const post = grants?.guard;
  if (!post) throw new AppError('FORBIDDEN', '您的账号没有进行此操作的权限');
  return post;
}

/** Verifying codes: online with the live colour, offline scans uploaded later, yellow and red reported to the community. */
export const verificationActions: Pick<ActionTable<'guard'>, 'verify' | 'keySet' | 'uploadScans' | 'reportFollowUp'> = {
  verify: {
    // Any length: a huge or empty scan is NOT_OURS, an answer the guard understands, not a request error.
    params: z.strictObject({ scanned: z.string(), checkpointId: z.string().max(64).optional() }),
    allow: ['resident'],
    /**
     * One round trip on the critical path. The token is judged first (CPU only). Then three requests go out
     * together: the pass (by the id the token names, when it is genuine), the caller's grants (a guard sees
     * the person), and the scan log entry. The entry cannot wait for the verdict without a second round
     * trip, so it is written with the outcome the token predicts (the pass as the token describes it, at
     * the checkpoint the guard page declares); once the reads are in, a second write corrects it only when
     * the prediction was wrong: the colour changed within the code's few minutes, the pass or card was
     * revoked, a card's colour moved on since it was printed, or the checkpoint was not declared. So the log
     * holds the verdict answered, and the usual scan costs one round trip. (Should a read fail after the
     * entry is stored, the guard gets an error and the entry keeps the token's prediction.) A colour due to
     * change by time is recomputed in a transaction first (rare: once per change). A guard gets the photo
     * as the URL kept on the pass (photoUrl: no I/O); when that link is due to expire (about once per person
     * per two hours) storage signs a new one while the log is corrected, and the pass keeps it: two more
     * round trips that time.
     */
    async run({ scanned, checkpointId }, context) {
      const { db, caller, now, config } = context;
      const finding = judgeScan(scanned, config.tokenKeys().verifying, config.codeUrlPrefix, Math.floor(now.getTime() / 1000));
      const scanId = newScanId();
      const predicted = predictedOutcome(finding, checkpointId ?? null);
      const entry = {
        _id: scanDocumentId(caller.openid, scanId),
        by: caller.openid,
        passRef: finding.kind === 'genuine' ? finding.claims.passRef : null,
        colourInToken: finding.kind === 'genuine' ? finding.claims.colour : null,
        at: now,
        offline: false,
        ...predicted,
      };
      const [grants, stored] = await Promise.all([
        context.grants(),
        finding.kind === 'genuine' ? passById(db, finding.claims.passRef) : undefined,
        logScan(db, entry),
      ]);
      const pass = stored && (await refreshIfDue(db, stored, now));
      const verdict = finding.kind === 'genuine' ? passVerdict(finding, pass) : finding.verdict;
      const actual: ScanOutcome = { verdict, colour: pass?.colour.colour ?? null, checkpointId: grants?.guard?.checkpointId ?? null };
      const correction = outcomeCorrection(predicted, actual);
      const toGuard = grants?.guard !== undefined;
      const [photo] = await Promise.all([
        pass && showsPerson(verdict, pass, toGuard) ? photoUrl(pass, context) : null,
        correction && correctScan(db, entry._id, correction),
      ]);
      return verifyResult(verdict, pass, toGuard, { scanId, serverTime: now.getTime() }, photo);
    },
  },
  keySet: {
    params: z.strictObject({}),
    allow: ['guard'],
    async run(_params, { now, config }) {
      const keySet = publicKeySet(config.tokenKeys().verifying, Math.floor(now.getTime() / 1000), MAX_KEY_SET_AGE_SECONDS);
      return { ...keySet, urlPrefix: config.codeUrlPrefix };
    },
  },
  uploadScans: {
    params: z.strictObject({
      scans: z
        .array(
          z.strictObject({
            clientScanId: SCAN_ID,
            scannedAt: z.number().int().nonnegative(),
            verdict: z.enum(VERDICTS),
            passRef: z.string().min(1).max(32).nullable(),
            colourInToken: z.enum(COLOURS).nullable(),
          }),
        )
        .max(OFFLINE_SCANS_PER_UPLOAD, `每次最多上传 ${OFFLINE_SCANS_PER_UPLOAD} 条离线扫码记录，其余的请分批上传`),
    }),
    allow: ['guard'],
    async run({ scans }, context) {
      const post = guardPost(await context.grants());
      return storeOfflineScans(context.db, { openid: context.caller.openid, checkpointId: post.checkpointId }, scans, context.now);
    },
  },
  reportFollowUp: {
    params: z.strictObject({ scanId: SCAN_ID, note: REPORT_NOTE.optional() }),
    allow: ['guard'],
    async run({ scanId, note }, context) {
      const post = guardPost(await context.grants());
      const followUpId = await reportFollowUp(context.db, { guard: context.caller.openid, post, scanId, note: note ?? '', now: context.now });
      return { followUpId };
    },
  },
};
