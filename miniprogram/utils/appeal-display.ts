import type {
  AppealCategory,
  AppealMessage,
  AppealOverdue,
  AppealRecordView,
  AppealStatus,
  AppealSummary,
  AppealView,
} from '../../typings/contract';
import { formatBeijingTime } from './beijing-time';
import { COLOUR_WORDS } from './pass-display';

/** The server's limits on an appeal's description (cloudfunctions/shared/domain/appeal.ts), checked here first. */
export const DESCRIPTION_LIMITS = { min: 10, max: 500 } as const;
/** The server's limits on an answer to staff's question. */
export const ANSWER_LIMITS = { min: 2, max: 500 } as const;

/** In the words of the 随申码 guide's appeal form, for residents and staff alike. */
export const CATEGORY_WORDS: Record<AppealCategory, string> = {
  wrongTravel: '行程记录有误',
  releasedOrDischarged: '已解除或已出院',
  notMe: '不是本人',
  other: '其他',
};

export const CATEGORIES = Object.keys(CATEGORY_WORDS) as AppealCategory[];

/** The status as staff name it in the queue. */
export const STATUS_WORDS: Record<AppealStatus, string> = {
  submitted: '待受理',
  claimed: '处理中',
  infoRequested: '待居民补充',
  awaitingApproval: '待审批',
  accepted: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};

/** The status as the resident reads it: what is happening and what, if anything, they should do. */
const RESIDENT_STATUS: Record<AppealStatus, { title: string; hint: string }> = {
  submitted: { title: '已提交，等待受理', hint: '我们会及时会同相关部门完成信息核验，并予以回复。' },
  claimed: { title: '工作人员正在核实', hint: '我们正在会同相关部门核验信息，有结果会通知您。' },
  infoRequested: { title: '请您补充材料', hint: '工作人员需要更多信息才能核实，请看下面的问题并补充。' },
  awaitingApproval: { title: '正在复核', hint: '核实已完成，正在复核，请耐心等待。' },
  accepted: { title: '申诉已通过', hint: '' },
  rejected: { title: '申诉未通过', hint: '如仍有疑问，可以重新提交申诉，或到社区咨询。' },
  withdrawn: { title: '您已撤回申诉', hint: '如仍有疑问，可以重新提交申诉。' },
};

export const OVERDUE_WORDS: Record<AppealOverdue, string> = {
  firstResponse: '已超时：超过 24 小时未受理',
  decision: '已超时：超过 72 小时未决定',
};

/** Who said what, from the reader's side: the resident reads "您", staff read "居民". */
const MESSAGE_LABELS: Record<'resident' | 'staff', Record<AppealMessage['kind'], string>> = {
  resident: { description: '您的申诉', question: '工作人员提问', answer: '您的补充', reply: '工作人员答复' },
  staff: { description: '居民申诉', question: '要求补充', answer: '居民补充', reply: '答复居民' },
};

export interface TimelineItem {
  key: string;
  label: string;
  at: string;
  text: string;
  fromStaff: boolean;
  /** What the <image> shows: cloud fileIDs for the resident, temporary URLs for staff. */
  images: string[];
}

/** Messages oldest first, as the reader labels them. */
export function timeline(messages: readonly (AppealMessage & { imageUrls?: string[] })[], reader: 'resident' | 'staff'): TimelineItem[] {
  return messages.map((message, index) => ({
    key: `${index}`,
    label: MESSAGE_LABELS[reader][message.kind],
    at: formatBeijingTime(message.at),
    text: message.text,
    fromStaff: message.from === 'staff',
    images: (message.imageUrls ?? message.images).filter((image) => image !== ''),
  }));
}

/** An appeal as the resident's page shows it. */
export interface ResidentAppeal {
  appealId: string;
  open: boolean;
  title: string;
  hint: string;
  category: string;
  submittedAt: string;
  /** What the decision did, '' until decided. */
  outcome: string;
  /** Staff's reply that came with the decision, '' without one. */
  reply: string;
  accepted: boolean;
  canAddInfo: boolean;
  canWithdraw: boolean;
  timeline: TimelineItem[];
}

export function describeAppeal(appeal: AppealView): ResidentAppeal {
  const { outcome } = appeal;
  const replies = appeal.messages.filter((message) => message.kind === 'reply');
  return {
    appealId: appeal.appealId,
    open: appeal.canWithdraw,
    ...RESIDENT_STATUS[appeal.status],
    category: CATEGORY_WORDS[appeal.category],
    submittedAt: formatBeijingTime(appeal.createdAt),
    outcome: outcome ? outcomeWords(outcome) : '',
    reply: outcome ? (replies[replies.length - 1]?.text ?? '') : '',
    accepted: outcome?.decision === 'accept',
    canAddInfo: appeal.canAddInfo,
    canWithdraw: appeal.canWithdraw,
    timeline: timeline(appeal.messages, 'resident'),
  };
}

function outcomeWords(outcome: NonNullable<AppealView['outcome']>): string {
  const decided = `${formatBeijingTime(outcome.decidedAt)} 作出决定。`;
  if (outcome.decision === 'reject') return `${decided}经核实，您的通行码颜色不作调整。`;
  if (outcome.override) {
    return `${decided}您的通行码已调整为${COLOUR_WORDS[outcome.override.colour]}，有效至 ${formatBeijingTime(outcome.override.expiresAt)}；到期后按最新数据重新判定。`;
  }
  if (outcome.recordAnnulled) return `${decided}有误的数据记录已撤销，通行码颜色已按最新数据更新。`;
  return `${decided}申诉已通过。`;
}

const HEALTH_STATUS_WORDS: Record<string, string> = {
  confirmed: '确诊',
  suspected: '疑似',
  observation: '医学观察',
  released: '解除医学管理措施',
  discharged: '出院',
  excluded: '排除疑似',
};

export const RECORD_SOURCE_WORDS: Record<AppealRecordView['source'], string> = { health: '卫生健康部门', travel: '行程数据' };

/** A partner record in one line: what it says and from when, in Beijing time. */
export function recordFacts(record: AppealRecordView): string {
  const facts = record.facts;
  if ('status' in facts) return `${HEALTH_STATUS_WORDS[facts.status] ?? facts.status}，${formatBeijingTime(Date.parse(facts.effectiveAt))} 起`;
  return `${facts.fromRegion} 来，${formatBeijingTime(Date.parse(facts.arrivedAt))} 到达`;
}

/** An appeal in staff's words: the queue's line, and the head of the detail page. */
export interface AppealLine {
  appealId: string;
  nameMasked: string;
  colour: AppealSummary['colourAtSubmit'];
  category: string;
  status: string;
  submittedAt: string;
  /** '' when nobody holds it. */
  handler: string;
  /** '' when within its service levels. */
  overdue: string;
  /** Nobody holds it and it is still open to a handler: 认领 makes sense. */
  claimable: boolean;
}

const CLAIMABLE: ReadonlySet<AppealStatus> = new Set<AppealStatus>(['submitted', 'claimed', 'infoRequested']);

export function appealLine(summary: AppealSummary): AppealLine {
  return {
    appealId: summary.appealId,
    nameMasked: summary.nameMasked,
    colour: summary.colourAtSubmit,
    category: CATEGORY_WORDS[summary.category],
    status: STATUS_WORDS[summary.status],
    submittedAt: formatBeijingTime(summary.createdAt),
    handler: summary.handlerMasked === null ? '' : `${summary.handlerMasked} 处理中${summary.claimExpiresAt === null ? '' : `，${formatBeijingTime(summary.claimExpiresAt)} 后无操作可接手`}`,
    overdue: summary.overdue === null ? '' : OVERDUE_WORDS[summary.overdue],
    claimable: summary.handlerMasked === null && CLAIMABLE.has(summary.status),
  };
}
