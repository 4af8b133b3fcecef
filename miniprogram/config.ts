/**
 * The CloudBase environment the mini-program calls. 'tongxing-local' is the id the local emulator answers to
 * (emulator/sdk-env.ts); a city deployment sets its own environment id here before uploading.
 */
export const CLOUD_ENV_ID = 'tongxing-local';

/**
 * Subscription message template ids: the same as the functions' SUBSCRIBE_TEMPLATE_COLOUR, …_APPEAL_REPLY and
 * …_APPEAL_REQUEST (docs/operations.md). Empty until a deployment sets them: the mini-program then asks nothing.
 */
export const SUBSCRIBE_TEMPLATES = { colourChanged: '', appealReply: '', appealRequest: '' };
