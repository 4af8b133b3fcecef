/** What a view waiting on the server is doing: still loading, failed with a message, or ready to show. */
export type LoadStatus = 'loading' | 'error' | 'ready';

/**
 * Shows loading, or a failure with a 重试 button, and the slotted content once ready, so every page that
 * calls a function says the same words in the same place.
 */
Component({
  properties: {
    status: { type: String, value: 'loading' },
    /** Shown in the error state; services/cloud.ts guarantees every failure has one. */
    message: { type: String, value: '' },
  },
  methods: {
    onRetryTap(): void {
      this.triggerEvent('retry');
    },
  },
});
