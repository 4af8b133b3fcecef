import type { ParamsOf } from '../../../typings/contract';
import { loadsOnOpen } from '../../behaviors/loads-on-open';
import { callFunction } from '../../services/cloud';
import { ACTION_LABELS, auditLine, type AuditLine } from '../../utils/audit-display';
import { inputPatch, type FieldInput } from '../../utils/page-events';
import { elderMode } from '../../behaviors/elder-mode';

/** The action picker: '' (every action) first, then the known ones in ACTION_LABELS' order. */
const ACTION_FILTERS: Array<{ key: string; label: string }> = [
  { key: '', label: '全部操作' },
  ...Object.entries(ACTION_LABELS).map(([key, label]) => ({ key, label })),
];

/** The server's caps on the two ids (cloudfunctions/staff/roles.ts). */
const TARGET_ID_MAX = 128;
const ACTOR_ID_MAX = 64;

type AuditFilter = Omit<ParamsOf<'staff', 'auditLog'>, 'cursor' | 'limit' | 'since' | 'until'>;

interface FilterForm {
  actionIndex: number;
  targetId: string;
  actorId: string;
}

/** The filters as the server takes them, leaving out the empty ones (the server refuses an empty string). */
function filterOf(form: FilterForm): AuditFilter {
  const auditAction = ACTION_FILTERS[form.actionIndex]?.key ?? '';
  const targetId = form.targetId.trim();
  const actorId = form.actorId.trim();
  return { ...(auditAction && { auditAction }), ...(targetId && { targetId }), ...(actorId && { actorId }) };
}

function sameFilter(a: AuditFilter, b: AuditFilter): boolean {
  return a.auditAction === b.auditAction && a.targetId === b.targetId && a.actorId === b.actorId;
}

/**
 * 操作记录 (staff and admins): the append-only audit log, newest first — when, who, what, on what and why —
 * filtered by action, target id or the actor's openid. 加载更多 asks for the next page with the same filters and
 * the server's cursor (never by time: entries share milliseconds); pulling down starts again from the newest.
 */
Component({
  behaviors: [elderMode, loadsOnOpen],
  data: {
    actionLabels: ACTION_FILTERS.map((filter) => filter.label),
    actionIndex: 0,
    targetId: '',
    actorId: '',
    targetIdMax: TARGET_ID_MAX,
    actorIdMax: ACTOR_ID_MAX,
    /** The filters of the entries shown: 加载更多 keeps to them even if the fields were edited since. */
    shownFilter: {} as AuditFilter,
    entries: [] as AuditLine[],
    /** The server's cursor for the next page, '' when the last page is shown. */
    nextCursor: '',
    loadingMore: false,
    moreError: '',
  },
  methods: {
    async load(): Promise<void> {
      const filter = filterOf(this.data);
      this.setData({ status: 'loading', errorMessage: '', shownFilter: filter, loadingMore: false, moreError: '' });
      const result = await callFunction('staff', 'auditLog', filter);
      // A load with other filters started while this one ran: its answer is the one to show.
      if (!sameFilter(this.data.shownFilter, filter)) return;
      if (!result.ok) return this.showFailure(result);
      this.setData({ status: 'ready', entries: result.data.entries.map(auditLine), nextCursor: result.data.nextCursor ?? '' });
    },

    onFieldInput(event: FieldInput): void {
      this.setData(inputPatch(event, this.data));
    },

    onActionChange(event: WechatMiniprogram.PickerChange): void {
      this.setData({ actionIndex: Number(event.detail.value) || 0 });
      void this.load();
    },

    onSearchTap(): void {
      void this.load();
    },

    async onMoreTap(): Promise<void> {
      const { nextCursor: cursor, shownFilter: filter, loadingMore, status } = this.data;
      if (loadingMore || !cursor || status !== 'ready') return;
      this.setData({ loadingMore: true, moreError: '' });
      const result = await callFunction('staff', 'auditLog', { ...filter, cursor });
      // The list was read again meanwhile: this page followed the old one.
      if (this.data.status !== 'ready' || this.data.nextCursor !== cursor || !sameFilter(this.data.shownFilter, filter)) return;
      if (!result.ok) {
        this.setData({ loadingMore: false, moreError: result.message });
        return;
      }
      const offset = this.data.entries.length;
      this.setData({
        loadingMore: false,
        entries: [...this.data.entries, ...result.data.entries.map((entry, index) => auditLine(entry, offset + index))],
        nextCursor: result.data.nextCursor ?? '',
      });
    },

    async onPullDownRefresh(): Promise<void> {
      if (this.data.status !== 'loading') await this.load();
      void wx.stopPullDownRefresh();
    },
  },
});
