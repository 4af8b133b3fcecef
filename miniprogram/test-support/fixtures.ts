/** Example answers of the contract, so each test spells out only what it is about. */
import type { CodeView, FamilyGrantView, FamilyPassView, PassView, RoleGrant, SessionInfo, StaffPassView, VenueView } from '../../typings/contract';

/** 2025-03-01 14:05:09 in Beijing. */
export const SERVER_TIME = Date.UTC(2025, 2, 1, 6, 5, 9);

/** What resident.session answers a plain resident. */
export function aSession(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return { roles: ['resident'], serverTime: SERVER_TIME, appealUploadFolder: 'appeals/openid-resident-1/', ...overrides };
}

export function aPass(overrides: Partial<PassView> = {}): PassView {
  return {
    passId: 'pass-1',
    nameMasked: '张*三',
    idMasked: '1101**********002X',
    photoUrl: null,
    colour: 'green',
    reasons: [],
    colourSince: SERVER_TIME,
    nextChangeAt: null,
    status: 'active',
    origin: 'self',
    issuedAt: SERVER_TIME,
    ...overrides,
  };
}

export function aFamilyPass(overrides: Partial<FamilyPassView> = {}): FamilyPassView {
  return { ...aPass({ passId: 'pass-mum', nameMasked: '李*芳' }), grantId: 'grant-1', label: '妈妈', ...overrides };
}

export function aFamilyGrant(overrides: Partial<FamilyGrantView> = {}): FamilyGrantView {
  return { grantId: 'grant-1', label: '女儿', accountMasked: 'oAbc****wxyz', grantedAt: SERVER_TIME, ...overrides };
}

export function aStaffPass(overrides: Partial<StaffPassView> = {}): StaffPassView {
  return {
    ...aPass({ passId: 'pass-paper', nameMasked: '王*明', origin: 'staff' }),
    name: '王小明',
    accountMasked: null,
    card: { serial: 1, printedAt: SERVER_TIME },
    legacyNumber: null,
    ...overrides,
  };
}

export function aRoleGrant(overrides: Partial<RoleGrant> = {}): RoleGrant {
  return {
    accountId: 'openid-guard-1',
    account: 'oGua****rd01',
    role: 'guard',
    checkpointId: 'gate-east',
    grantedAt: SERVER_TIME,
    ...overrides,
  };
}

/** A venue registered at SERVER_TIME whose poster has not been made yet. */
export function aVenue(overrides: Partial<VenueView> = {}): VenueView {
  return {
    venueId: 'venue-1',
    name: '方松街道社区服务中心',
    district: '松江区方松街道',
    address: '江学路 1 号',
    checkpointId: null,
    registeredAt: SERVER_TIME,
    posterReady: false,
    ...overrides,
  };
}

/** A code issued at SERVER_TIME, valid for three minutes. */
export function aCode(overrides: Partial<CodeView> = {}): CodeView {
  const token = 'AQABEGlVuQABLAl0nFto3cJmg_nU3I-GgWtUB82fCjXDCGxNkpMShjZHR1hv2Y_hhVy8mFlReNVJsQHS00rmWpTWVdzO4alGj3eyN-Z87TpctIPCpa4BC3Vq';
  return {
    token,
    url: `https://txm.example.cn/v/${token}`,
    issuedAt: SERVER_TIME,
    expiresAt: SERVER_TIME + 180_000,
    serverTime: SERVER_TIME,
    colour: 'green',
    reasons: [{ code: 'NO_RISK', zh: '未发现风险', en: 'No risk found' }],
    nameMasked: '张*三',
    photo: null,
    status: 'active',
    ...overrides,
  };
}
