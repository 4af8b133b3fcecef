import { chinaMinute } from './china-date';
import type { NotificationDocument } from './notification';

/**
 * Subscription message templates (订阅消息), one per kind of notice a resident subscribes to. The mini-program
 * asks for the same ids (miniprogram/config.ts), so a resident's consent and the server's message match.
 */
export interface SubscriptionTemplates {
  /** 通行码颜色变更提醒: colour changes. */
  colourChanged: string;
  /** 申诉处理结果通知: the appeal was taken up, and its outcome with the reply. */
  appealReply: string;
  /** 申诉补充材料提醒: staff ask for more. */
  appealRequest: string;
}

export type TemplateName = keyof SubscriptionTemplates;

/** A message as subscribeMessage.send takes it (camelCase: wx-server-sdk converts to snake_case). */
export interface SubscriptionMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

const TEMPLATE_OF_KIND: Record<NotificationDocument['kind'], TemplateName> = {
  colourChanged: 'colourChanged',
  appealReceived: 'appealReply',
  appealOutcome: 'appealReply',
  appealRequest: 'appealRequest',
};

/**
 * The keywords of each template as chosen in the WeChat console (公共模板库): a template picked with other
 * keywords changes this table only. All three take a short title, the text and the time.
 */
const KEYWORDS: Record<TemplateName, { title: string; body: string; time: string }> = {
  colourChanged: { title: 'thing1', body: 'thing2', time: 'time3' },
  appealReply: { title: 'thing1', body: 'thing2', time: 'time3' },
  appealRequest: { title: 'thing1', body: 'thing2', time: 'time3' },
};

/** WeChat refuses a `thing` value longer than 20 characters (errcode 47003); the full text is on the page it opens. */
const THING_MAX = 20;

function thing(text: string): string {
  const characters = Array.from(text.replace(/\s+/g, ' ').trim());
  return characters.length <= THING_MAX ? characters.join('') : `${characters.slice(0, THING_MAX - 1).join('')}…`;
}

/** The subscription message that carries `notice`, with the template its kind is sent with. */
export function subscriptionMessage(notice: NotificationDocument, templates: SubscriptionTemplates): SubscriptionMessage {
  const template = TEMPLATE_OF_KIND[notice.kind];
  const keywords = KEYWORDS[template];
  return {
    touser: notice.openid,
    templateId: templates[template],
    page: notice.page,
    data: {
      [keywords.title]: { value: thing(notice.title) },
      [keywords.body]: { value: thing(notice.body) },
      [keywords.time]: { value: chinaMinute(notice.createdAt) },
    },
  };
}
