import { CLOUD_ENV_ID } from './config';

App({
  onLaunch(): void {
    // wx.cloud exists from base library 2.2.3; without it every call answers UNAVAILABLE (services/cloud.ts).
    if (!wx.cloud) {
      console.error('请使用 2.2.3 或以上的基础库以使用云能力');
      return;
    }
    // traceUser lists visiting users in the CloudBase console's user management.
    wx.cloud.init({ env: CLOUD_ENV_ID, traceUser: true });
  },
});
