import type { TimelineItem } from '../../utils/appeal-display';
import type { TapWith } from '../../utils/page-events';

/**
 * An appeal's messages oldest first (utils/appeal-display.ts's timeline): who said it, when, the text and the
 * images, which open full screen when tapped, since a certificate must be readable.
 */
Component({
  properties: {
    items: { type: Array, value: [] as TimelineItem[] },
  },
  methods: {
    onImageTap(event: TapWith<{ item: number; image: number }>): void {
      const { item, image } = event.currentTarget.dataset;
      const urls = (this.data.items as TimelineItem[])[item].images;
      void wx.previewImage({ urls, current: urls[image] });
    },
  },
});
