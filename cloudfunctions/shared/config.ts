import { z } from 'zod';

/** Deployment configuration, from the function's environment variables (cloudbaserc.json envVariables). */
export interface FunctionConfig {
  /** Openids of administrators (comma separated in ADMIN_OPENIDS). */
  adminOpenids: ReadonlySet<string>;
}

const OPENID_LIST = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

export function readConfig(env: NodeJS.ProcessEnv = process.env): FunctionConfig {
  return { adminOpenids: new Set(OPENID_LIST.parse(env.ADMIN_OPENIDS)) };
}
