import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import type { CallableMain } from '../../cloudfunctions/shared/handler';
import { maskIdNumber } from '../../cloudfunctions/shared/domain/masking';
import { SCHEMA } from '../../cloudfunctions/shared/schema';
import { createResident } from '../../cloudfunctions/resident';
import { createStaff } from '../../cloudfunctions/staff';
import { invocationContext } from '../../emulator/runtime';
import { useEmulatorForSdk } from '../../emulator/sdk-env';
import { startEmulator } from '../../emulator/server';
import type { Result } from '../../typings/contract';
import { openidFor, syntheticIdNumber } from '../support/people';
import { testPlatform } from '../support/platform';

/**
 * Issue item 3: ID numbers are never kept or logged in clear. The whole people flow runs against an
 * emulator that stores to disk; afterwards every byte of every file it wrote, and every line the test
 * printed, is searched for the clear numbers.
 */
const STAFF = openidFor('privacy-admin');
const platform = testPlatform({ admins: [STAFF] });
const functions: Record<'resident' | 'staff', CallableMain> = { resident: createResident(platform), staff: createStaff(platform) };
const call = (fn: 'resident' | 'staff', openid: string, event: Record<string, unknown>) =>
  functions[fn](event, invocationContext(fn, { openid })) as Promise<Result<Record<string, unknown>>>;

/** Sequences 2 and 10 end in the check character X: both its cases must stay hidden. */
const APPLIED = [1, 2, 3].map((sequence) => syntheticIdNumber(sequence));
const PRINTED = [10, 11, 12].map((sequence) => syntheticIdNumber(sequence));
/** A number typed with a wrong check digit: refused, and no more to be kept than a valid one. */
const MISTYPED = `${syntheticIdNumber(13).slice(0, 17)}${syntheticIdNumber(13).endsWith('1') ? '2' : '1'}`;
const ALL_NUMBERS = [...APPLIED, ...PRINTED, MISTYPED];

/** Every form a number could leak in: as given, with a lower-case x, and its first 17 characters. */
const FORBIDDEN = [...new Set(ALL_NUMBERS.flatMap((idNumber) => [idNumber, idNumber.toLowerCase(), idNumber.slice(0, 17)]))];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Everything the test process prints, through console and straight to the streams. */
function captureOutput(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const spies = [
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(format(...args));
      }),
    ),
    ...[process.stdout, process.stderr].map((stream) => {
      const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
      return jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
        lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return write(chunk, ...rest);
      });
    }),
  ];
  return { lines, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

test('no clear ID number reaches the database files, the stored files or the logs', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongxing-privacy-'));
  const output = captureOutput();
  try {
    const emulator = await startEmulator({ port: 0, dataDir, schema: SCHEMA, functions: null });
    useEmulatorForSdk(emulator.url);
    try {
      // Residents apply, one with a lower-case x and spaces, one twice from another account (refused).
      for (const [index, idNumber] of APPLIED.entries()) {
        const result = await call('resident', openidFor(`privacy${index}`), { action: 'apply', name: '张三丰', idNumber: ` ${idNumber.toLowerCase()} ` });
        expect(result.ok).toBe(true);
      }
      await expect(call('resident', openidFor('privacy-other'), { action: 'apply', name: '张三丰', idNumber: APPLIED[0] })).resolves.toMatchObject({
        code: 'ID_BOUND_TO_OTHER_ACCOUNT',
      });
      await expect(call('resident', openidFor('privacy-typo'), { action: 'apply', name: '张三丰', idNumber: MISTYPED })).resolves.toMatchObject({ code: 'ID_INVALID' });

      // Staff issue printed passes, reprint, look people up (found and not), rebind and move.
      const passIds: string[] = [];
      for (const idNumber of PRINTED) {
        const result = await call('staff', STAFF, { action: 'issuePrintedPass', name: '李秀英', idNumber, reason: '本人无智能手机，核对身份证原件' });
        passIds.push(String((result.ok && (result.data.pass as { passId: string }).passId) || ''));
      }
      expect(passIds.every(Boolean)).toBe(true);
      await expect(call('staff', STAFF, { action: 'issuePrintedPass', name: '李秀英', idNumber: APPLIED[1], reason: '核对身份证原件' })).resolves.toMatchObject({
        code: 'ID_BOUND_TO_OTHER_ACCOUNT',
      });
      expect((await call('staff', STAFF, { action: 'reprintCard', passId: passIds[0], reason: '卡片遗失，本人补办' })).ok).toBe(true);
      for (const idNumber of [PRINTED[1].toLowerCase(), syntheticIdNumber(99)]) {
        expect((await call('staff', STAFF, { action: 'findPass', idNumber, reason: '居民咨询，核对身份' })).ok).toBe(true);
      }
      await expect(call('staff', STAFF, { action: 'findPass', idNumber: PRINTED[1], reason: `核对 ${PRINTED[1]}` })).resolves.toMatchObject({
        code: 'INVALID_REQUEST',
      });
      const code = await call('resident', openidFor('privacy-phone'), { action: 'accountCode' });
      expect((await call('staff', STAFF, { action: 'movePassToAccount', passId: passIds[2], accountCode: String(code.ok && code.data.code), reason: '本人已有手机' })).ok).toBe(true);
      const mine = await call('resident', openidFor('privacy0'), { action: 'myPass' });
      const newPhone = await call('resident', openidFor('privacy-new'), { action: 'accountCode' });
      const rebound = await call('staff', STAFF, {
        action: 'rebindPass',
        passId: String(mine.ok && mine.data.passId),
        accountCode: String(newPhone.ok && newPhone.data.code),
        reason: '手机遗失，核对身份证原件',
      });
      expect(rebound.ok).toBe(true);
      console.log('privacy capture check');
    } finally {
      await emulator.close();
    }
  } finally {
    output.restore();
  }

  try {
    const files = filesUnder(dataDir);
    expect(files.some((file) => file.endsWith('.sqlite'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      const found = FORBIDDEN.filter((form) => bytes.includes(form));
      expect({ file: path.relative(dataDir, file), found }).toEqual({ file: path.relative(dataDir, file), found: [] });
    }
    const stored = Buffer.concat(files.map((file) => readFileSync(file)));
    // The scan would notice if nothing had been written: the masked forms and the keyed hashes are there.
    const protector = platform.config().idProtector();
    for (const idNumber of [...APPLIED, ...PRINTED]) {
      expect(stored.includes(maskIdNumber(idNumber))).toBe(true);
      expect(stored.includes(protector.hash(idNumber))).toBe(true);
    }

    expect(output.lines).toContain('privacy capture check');
    const leaking = output.lines.filter((line) => FORBIDDEN.some((form) => line.includes(form)));
    expect(leaking).toEqual([]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
