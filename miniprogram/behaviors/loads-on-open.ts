import type { Failure } from '../../typings/contract';
import type { LoadStatus } from '../components/state-view/index';

/** What a page using these behaviors provides: reading what it shows from the server. */
interface Loader {
  load(): Promise<void>;
}

/**
 * For pages that read from the server: the status and message a tx-state-view shows, 重试 that loads again only
 * from the error state, and the error state from a failure. A page that must wait for its query (onLoad) starts
 * its first load itself; the others use loadsOnOpen.
 */
export const showsLoadState = Behavior({
  data: {
    status: 'loading' as LoadStatus,
    errorMessage: '',
  },
  methods: {
    onRetry(): void {
      // A second tap before the view updates must not start a second load.
      if (this.data.status === 'error') void (this as unknown as Loader).load();
    },
    showFailure(failure: Failure): void {
      this.setData({ status: 'error', errorMessage: failure.message });
    },
  },
});

/**
 * showsLoadState with the first load on attached, for pages that read from the server as they open.
 * attached rather than onLoad: WeChat fires it for a page built with Component() (before onLoad) and
 * miniprogram-simulate fires it on attach(), while nothing calls onLoad there; these pages read no query
 * string, the one thing only onLoad receives.
 */
export const loadsOnOpen = Behavior({
  behaviors: [showsLoadState],
  lifetimes: {
    attached(): void {
      // The page's own load: a behavior cannot declare the methods of the pages that use it.
      void (this as unknown as Loader).load();
    },
  },
});
