import { openEntry } from '../../utils/page-events';
import { RETENTION_DAYS, type RetainedKind } from '../../utils/shared-retention';
import { elderMode } from '../../behaviors/elder-mode';

/** What each kept record is, in words a resident reads; typed by kind, so a kind added to RETENTION_DAYS needs its words here. */
const RETAINED: Record<RetainedKind, string> = {
  checkIns: '在场所扫码登记的记录（场所码）',
  scans: '查验员扫您通行码的记录',
  faceVerifications: '人脸核验记录（只有是否通过，没有人脸图像，也没有身份证号码）',
  deliveredNotices: '已经发给您的消息通知',
  closedFollowUps: '社区随访记录（从办结之日算起）',
  travelRecords: '合作部门提供的行程记录（来本市前到过的地区）',
};

/**
 * 隐私保护指引: what the pass system collects, why, who sees what, how long it is kept and where to ask, in
 * plain Chinese. The periods are the cron sweep's own (RETENTION_DAYS), so the guide says what the system does.
 * Calls no function: anyone may read it, before applying or without a pass.
 */
Component({
  behaviors: [elderMode],
  data: {
    periods: (Object.keys(RETAINED) as RetainedKind[]).map((kind) => ({ kind, what: RETAINED[kind], days: RETENTION_DAYS[kind] })),
  },
  methods: {
    onEntryTap: openEntry,
  },
});
