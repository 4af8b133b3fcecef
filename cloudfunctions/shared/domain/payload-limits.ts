/**
 * CloudBase's limit on the request body of a cloud function call, and the one place this project states it:
 * "Maximum request body size limit for cloud functions: 100KB for text type, 6MB for other types", refused
 * with error code EXCEED_MAX_PAYLOAD_SIZE.
 * https://docs.cloudbase.net/en/error-code/service/EXCEED_MAX_PAYLOAD_SIZE
 *
 * Two readings are ours, both the conservative one: a KB is taken as 1000 bytes (an MB as 1000 KB), and
 * `application/json` counts as "text type" (the page does not say which types are text).
 * The local emulator refuses a larger HTTP access body the same way (emulator/runtime.ts); the feed CLI
 * keeps every request well below the text limit (MAX_FEED_BODY_BYTES in feed-records.ts).
 */
export const MAX_FUNCTION_BODY_BYTES = {
  text: 100 * 1000,
  other: 6 * 1000 * 1000,
} as const;

export const PAYLOAD_LIMIT_DOC = 'https://docs.cloudbase.net/en/error-code/service/EXCEED_MAX_PAYLOAD_SIZE';

/**
 * Whether a body of this Content-Type is text: text/*, JSON (application/json, +json), XML, and form fields.
 * No Content-Type is read as JSON, as the HTTP access event does.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
  return (
    mediaType === '' ||
    mediaType.startsWith('text/') ||
    /^application\/(?:json|xml|x-www-form-urlencoded|[\w.+-]+\+(?:json|xml))$/.test(mediaType)
  );
}

/** The most bytes CloudBase takes in the body of a function request with this Content-Type. */
export function maxFunctionBodyBytes(contentType: string | undefined): number {
  return isTextContentType(contentType) ? MAX_FUNCTION_BODY_BYTES.text : MAX_FUNCTION_BODY_BYTES.other;
}
