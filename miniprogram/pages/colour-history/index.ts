import type { Colour, ColourHistoryEntry } from '../../../typings/contract';
import { loadsOnOpen } from '../../behaviors/loads-on-open';
import { callFunction } from '../../services/cloud';
import { formatBeijingTime } from '../../utils/beijing-time';
import { openEntry } from '../../utils/page-events';
import { elderMode } from '../../behaviors/elder-mode';

interface HistoryRow {
  key: string;
  at: string;
  /** '' for the first colour, given when the pass was issued. */
  from: Colour | '';
  to: Colour;
  reasons: string[];
  source: string;
}

function historyRow(entry: ColourHistoryEntry, index: number): HistoryRow {
  return {
    key: `${entry.at}-${index}`,
    at: formatBeijingTime(entry.at),
    from: entry.from ?? '',
    to: entry.to,
    reasons: entry.reasons.map((reason) => reason.zh),
    source: entry.source,
  };
}

/**
 * 颜色记录: every change of the caller's colour, newest first, with why and where it came from (the server
 * says the source in words and never shows the partner's record itself).
 */
Component({
  behaviors: [elderMode, loadsOnOpen],
  data: {
    rows: [] as HistoryRow[],
    /** The account holds no pass yet: nothing to show, and the way to apply. */
    noPass: false,
  },
  methods: {
    async load(): Promise<void> {
      this.setData({ status: 'loading', errorMessage: '' });
      const result = await callFunction('resident', 'colourHistory', {});
      if (result.ok) this.setData({ status: 'ready', noPass: false, rows: result.data.entries.map(historyRow) });
      else if (result.code === 'NO_PASS') this.setData({ status: 'ready', noPass: true, rows: [] });
      else this.showFailure(result);
    },
    onEntryTap: openEntry,
  },
});
