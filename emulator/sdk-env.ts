/**
 * The environment that points the unmodified @cloudbase/node-sdk at the local emulator.
 * TENCENTCLOUD=true stops the SDK's metadata probe on every call; the dummy credentials avoid the SDK's
 * unhandled rejection when none are set (see notes/cloudbase-node-sdk.md). The signature is not checked.
 */
export const LOCAL_ENV_ID = 'tongxing-local';

export function sdkEnvironment(emulatorUrl: string): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${emulatorUrl}/admin` }),
    TENCENTCLOUD: 'true',
    TENCENTCLOUD_SECRETID: 'local-emulator',
    TENCENTCLOUD_SECRETKEY: 'local-emulator',
    SCF_NAMESPACE: LOCAL_ENV_ID,
    SILENCE: 'true',
  };
}

/** Points every SDK instance in this process at the emulator. */
export function useEmulatorForSdk(emulatorUrl: string): void {
  Object.assign(process.env, sdkEnvironment(emulatorUrl));
}
