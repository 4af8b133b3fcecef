import { createGuard } from '../../cloudfunctions/guard';
import { createResident } from '../../cloudfunctions/resident';
import { database } from '../../cloudfunctions/shared/cloudbase';
import { readConfig } from '../../cloudfunctions/shared/config';
import { generateSigningKeyConfig } from '../../cloudfunctions/shared/domain/token';
import { judgeScan } from '../../cloudfunctions/shared/domain/verdict';
import { cloudPlatform, type Platform } from '../../cloudfunctions/shared/handler';
import { generateIdProtectionEnv } from '../../cloudfunctions/shared/privacy';
import { COLLECTIONS, SCHEMA } from '../../cloudfunctions/shared/schema';
import { invocationContext } from '../../emulator/runtime';
import { useEmulatorForSdk } from '../../emulator/sdk-env';
import { startEmulator } from '../../emulator/server';
import { demoIdNumber } from '../lib/seed';
import type { CodeView, Result, VerifyResult } from '../../typings/contract';
import { elapsedMs, median, percentile } from './stats';

export interface VerifyBenchReport {
  calls: number;
  /**
   * CPU of this whole process per verify call: the handler (token check, verdict, answer), the node-sdk's
   * client work for its three requests (signing, axios, EJSON) AND the in-process emulator serving them
   * (HTTP, EJSON, mingo, in-memory SQLite). An upper bound of the handler's own share.
   */
  cpuMsPerCall: number;
  /** Wall time of one call, sequential, against the in-process emulator on loopback. */
  medianMs: number;
  p95Ms: number;
  /** The handler's own CPU-only step, timed alone: extracting and verifying the token (one P-256 verify). */
  judgeMsPerCall: number;
}

function dataOf<T>(result: Result<unknown>, what: string): T {
  if (!result.ok) throw new Error(`verify bench: ${what} failed: ${result.code} ${result.message}`);
  return result.data as T;
}

/**
 * The guard's verify handler as a registered guard calls it, over and over, on one fresh green code: the
 * usual scan (one round trip: pass, grants and log entry together). Numbers, never pass/fail.
 */
export async function measureVerifyHandler(calls = 2000): Promise<VerifyBenchReport> {
  const emulator = await startEmulator({ port: 0, dataDir: null, schema: SCHEMA, functions: null });
  useEmulatorForSdk(emulator.url);
  try {
    // An hour-long code, so that the run never meets its expiry.
    const config = readConfig({ ...generateIdProtectionEnv(), TOKEN_SIGNING_KEYS: generateSigningKeyConfig('0001'), CODE_LIFETIME_SECONDS: '3600' });
    const platform: Platform = { ...cloudPlatform, config: () => config };
    const guardOpenid = 'oBenchGuard0000000000000001';
    const residentOpenid = 'oBenchResident00000000000001';
    await database()
      .collection(COLLECTIONS.roles)
      .doc(guardOpenid)
      .set({ guard: { checkpointId: 'bench-1', checkpointName: '基准测试门', grantedAt: new Date(), grantedBy: guardOpenid } });
    const resident = createResident(platform);
    const residentContext = invocationContext('resident', { openid: residentOpenid });
    dataOf(await resident({ action: 'apply', name: '基准测', idNumber: demoIdNumber(901) }, residentContext), 'apply');
    const code = dataOf<CodeView>(await resident({ action: 'code' }, residentContext), 'code');

    const guard = createGuard(platform);
    const event = { action: 'verify', scanned: code.url, checkpointId: 'bench-1' };
    const verifyOnce = async () => {
      const answer = dataOf<VerifyResult>(await guard(event, invocationContext('guard', { openid: guardOpenid })), 'verify');
      if (answer.verdict !== 'PASS') throw new Error(`verify bench: expected PASS, got ${answer.verdict}`);
    };
    for (let i = 0; i < 200; i++) await verifyOnce(); // warm code paths and the keep-alive connection

    const latencies: number[] = [];
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < calls; i++) {
      const start = process.hrtime.bigint();
      await verifyOnce();
      latencies.push(elapsedMs(start));
    }
    const cpu = process.cpuUsage(cpuBefore);

    const keys = config.tokenKeys().verifying;
    const nowSeconds = Math.floor(Date.now() / 1000);
    const judgeStart = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) judgeScan(code.url, keys, config.codeUrlPrefix, nowSeconds);
    const judgeMsPerCall = elapsedMs(judgeStart) / calls;

    return {
      calls,
      cpuMsPerCall: (cpu.user + cpu.system) / 1000 / calls,
      medianMs: median(latencies),
      p95Ms: percentile(latencies, 95),
      judgeMsPerCall,
    };
  } finally {
    await emulator.close();
  }
}
