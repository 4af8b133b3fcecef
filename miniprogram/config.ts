/**
 * The CloudBase environment the mini-program calls. 'tongxing-local' is the id the local emulator answers to
 * (emulator/sdk-env.ts); a city deployment sets its own environment id here before uploading.
 */
export const CLOUD_ENV_ID = 'tongxing-local';
