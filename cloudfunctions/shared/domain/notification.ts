import type { Colour } from '../../../typings/contract';

const COLOUR_WORDS: Record<Colour, string> = { green: '绿码', yellow: '黄码', red: '红码' };

/** Notices about an appeal: staff took it up (first response), staff ask for more, the outcome with the reply. */
export type AppealNoticeKind = 'appealReceived' | 'appealRequest' | 'appealOutcome';

/** What a resident is told, queued in the same transaction as the change it reports (an outbox). */
export interface NotificationDocument {
  openid: string;
  kind: 'colourChanged' | AppealNoticeKind;
  /** Short lines as a WeChat subscription message shows them. */
  title: string;
  body: string;
  /** The mini-program page the notice opens. */
  page: string;
  createdAt: Date;
  /** Set by the sweep that is delivering it, so two sweeps never send one notice twice. */
  claimedAt: Date | null;
  deliveredAt: Date | null;
  /** 'local' when recorded by the local notifier; 'wechat' (or 'wechat:unsubscribed') in production. */
  channel: string | null;
}

export function colourChangedNotice(openid: string, from: Colour | null, to: Colour, reason: string, now: Date): NotificationDocument {
  return {
    openid,
    kind: 'colourChanged',
    title: from ? `通行码由${COLOUR_WORDS[from]}变为${COLOUR_WORDS[to]}` : `通行码为${COLOUR_WORDS[to]}`,
    body: reason,
    page: 'pages/my-pass/index',
    createdAt: now,
    claimedAt: null,
    deliveredAt: null,
    channel: null,
  };
}

const APPEAL_TITLES: Record<AppealNoticeKind, string> = {
  appealReceived: '您的申诉已受理',
  appealRequest: '您的申诉需要补充材料',
  appealOutcome: '您的申诉已办结',
};

/** A notice about the resident's appeal; `body` is the staff's words (the question, or the reply with the outcome). */
export function appealNotice(openid: string, kind: AppealNoticeKind, body: string, now: Date): NotificationDocument {
  return { openid, kind, title: APPEAL_TITLES[kind], body, page: 'pages/appeal/index', createdAt: now, claimedAt: null, deliveredAt: null, channel: null };
}
