import type { PassView } from '../../../typings/contract';
import { describePass, type PassDisplay } from '../../utils/pass-display';

/**
 * A pass as a person reads it: photo, masked name and ID number, the colour in words inside a frame of that
 * colour, why it has that colour, since when and until when, status and origin. With `familyLabel` it is a
 * family member's pass shown on this phone, marked as such so nobody takes it for the holder's own.
 */
Component({
  properties: {
    pass: { type: Object, value: null },
    /** How the owner named the relation (e.g. 妈妈); empty for the holder's own pass. */
    familyLabel: { type: String, value: '' },
  },
  data: { view: null as PassDisplay | null },
  observers: {
    pass(pass: PassView | null): void {
      this.setData({ view: pass ? describePass(pass) : null });
    },
  },
});
