/** Where 长辈模式 is remembered: on this phone, for whoever uses it (it is the reader's eyes, not the account's). */
const ELDER_MODE_KEY = 'tx.elderMode';

export function elderModeOn(): boolean {
  return wx.getStorageSync(ELDER_MODE_KEY) === true;
}

export function setElderMode(on: boolean): void {
  wx.setStorageSync(ELDER_MODE_KEY, on);
}

/**
 * 长辈模式 for every page: `elder` is true when it is on, and the page's root view carries `tx-elder`, under
 * which app.wxss sets larger type and hides secondary text. Read on attached and again on every show, so a page
 * below the one where it was switched shows the change when the person comes back to it.
 */
export const elderMode = Behavior({
  data: { elder: false },
  lifetimes: {
    attached(): void {
      this.setData({ elder: elderModeOn() });
    },
  },
  pageLifetimes: {
    show(): void {
      const elder = elderModeOn();
      if (elder !== this.data.elder) this.setData({ elder });
    },
  },
});
