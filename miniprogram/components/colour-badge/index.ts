import type { Colour } from '../../../typings/contract';
import { COLOUR_WORDS } from '../../utils/pass-display';

/**
 * A pass colour as a coloured badge with its name in words (绿码/黄码/红码): the words carry the meaning for
 * people who cannot tell the colours apart, the colour for everyone else.
 */
Component({
  properties: {
    colour: { type: String, value: '' },
    /** 'large' on the pass itself, 'huge' on the code in 长辈模式, 'normal' in lists and summaries. */
    size: { type: String, value: 'normal' },
  },
  data: { word: '' },
  observers: {
    colour(colour: string): void {
      // A colour this build does not know (a newer server) shows no word rather than a wrong one.
      this.setData({ word: COLOUR_WORDS[colour as Colour] ?? '' });
    },
  },
});
