import { cloudPlatform, type Platform } from '../../cloudfunctions/shared/handler';
import { readConfig } from '../../cloudfunctions/shared/config';
import { generateIdProtectionEnv } from '../../cloudfunctions/shared/privacy';

/**
 * The platform functions get in the cloud (real SDK, so the emulator when the test started one), with
 * fresh keys generated for this test run, the given admins and any other configuration (`env`). `clock`
 * lets a test move time.
 */
export function testPlatform(options: { admins?: string[]; clock?: () => Date; env?: NodeJS.ProcessEnv } = {}): Platform {
  const config = readConfig({ ADMIN_OPENIDS: (options.admins ?? []).join(','), ...generateIdProtectionEnv(), ...options.env });
  return { ...cloudPlatform, config: () => config, clock: options.clock ?? cloudPlatform.clock };
}
