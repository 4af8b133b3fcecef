/** Example appeals as the functions answer them, so each test spells out only what it is about. */
import type { AppealDetail, AppealMessage, AppealSummary, AppealView, FollowUpView } from '../../typings/contract';
import { aStaffPass, SERVER_TIME } from './fixtures';

const HOUR = 3_600_000;

export function aMessage(overrides: Partial<AppealMessage> = {}): AppealMessage {
  return { at: SERVER_TIME, from: 'resident', kind: 'description', text: '3月1日我没有去过该地区，当天在单位上班', images: [], ...overrides };
}

export function anAppeal(overrides: Partial<AppealView> = {}): AppealView {
  return {
    appealId: 'appeal-1',
    status: 'submitted',
    category: 'wrongTravel',
    colourAtSubmit: 'yellow',
    createdAt: SERVER_TIME,
    updatedAt: SERVER_TIME,
    messages: [aMessage()],
    outcome: null,
    canAddInfo: false,
    canWithdraw: true,
    ...overrides,
  };
}

export function anAppealSummary(overrides: Partial<AppealSummary> = {}): AppealSummary {
  return {
    appealId: 'appeal-1',
    status: 'submitted',
    category: 'wrongTravel',
    colourAtSubmit: 'yellow',
    nameMasked: '张*三',
    createdAt: SERVER_TIME,
    firstResponseAt: null,
    decidedAt: null,
    handlerMasked: null,
    claimExpiresAt: null,
    overdue: null,
    ...overrides,
  };
}

export function anAppealDetail(overrides: Partial<AppealDetail> = {}): AppealDetail {
  return {
    ...anAppealSummary(),
    pass: aStaffPass({ name: '张小三', nameMasked: '张*三', colour: 'yellow', reasons: [{ code: 'KEY_AREA_ARRIVAL', zh: '重点地区来沪未满14天', en: 'Arrived from a key area' }] }),
    messages: [{ ...aMessage({ images: ['cloud://env.x/appeals/o1/a.jpg'] }), imageUrls: ['https://tmp.example/a.jpg'] }],
    records: [
      { source: 'travel', recordId: 'trip-7', version: 1, receivedAt: SERVER_TIME - 2 * HOUR, annulled: false, facts: { arrivedAt: '2025-02-28T02:00:00Z', fromRegion: '440100' } },
    ],
    decision: null,
    staffNotes: [],
    ...overrides,
  };
}

export function aFollowUp(overrides: Partial<FollowUpView> = {}): FollowUpView {
  return {
    followUpId: 'fu-1',
    status: 'open',
    createdAt: SERVER_TIME,
    checkpointName: '东门',
    colour: 'yellow',
    nameMasked: '李*芳',
    reportedByMasked: 'oGua****rd01',
    note: '',
    closedAt: null,
    closingNote: null,
    ...overrides,
  };
}
