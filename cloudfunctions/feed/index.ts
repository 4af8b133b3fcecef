import { cloudPlatform, type Platform } from '../shared/handler';
import { httpFunction } from '../shared/http';

/** The path the HTTP access service mounts this function on (cloudbaserc.json and the emulator agree). */
export const FEED_MOUNT_PATH = '/feed';

/** Partner systems (health commission, police, telecom) over CloudBase's HTTP access service. */
export const createFeed = (platform: Platform) =>
  httpFunction('feed', FEED_MOUNT_PATH, {
    // Partners sign requests with a timestamp; this lets them check their clock against ours first.
    'GET /status': async (_request, _platform, now) => ({ serverTime: now.getTime() }),
  }, platform);

export const main = createFeed(cloudPlatform);
