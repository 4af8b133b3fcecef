/** What the phone frame tells the preview shell: a function was called, so notifications may have been queued. */
export const CALLED_MESSAGE = 'tongxing-preview:called';
