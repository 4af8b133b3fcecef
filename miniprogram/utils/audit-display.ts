import type { AuditEntryView, Role } from '../../typings/contract';
import type { AuditAction } from '../../cloudfunctions/shared/domain/audit';
import { formatBeijingTime } from './beijing-time';
import { ROLE_LABELS } from './roles';

/**
 * Every action the server writes to the log (cloudfunctions/shared/domain/audit.ts), in short Chinese. A Record
 * over AuditAction: an action added there and not here fails the type check.
 */
export const ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  'role.grant': '开通身份',
  'role.revoke': '撤销身份',
  'invitation.create': '生成邀请码',
  'pass.issuePrinted': '办理纸质通行证',
  'pass.reprint': '补发卡片',
  'pass.cancel': '注销通行证',
  'pass.restore': '恢复通行证',
  'pass.moveToAccount': '纸质证转入微信',
  'pass.rebind': '换绑微信账号',
  'pass.lookup': '按身份证号查找',
  'pass.import': '导入旧系统通行证',
  'card.print': '打印卡片',
  'family.grant': '授权家人出示',
  'family.revoke': '取消家人授权',
  'followUp.close': '随访结案',
  'appeal.submit': '提交申诉',
  'appeal.addInfo': '补充申诉材料',
  'appeal.withdraw': '撤回申诉',
  'appeal.claim': '认领申诉',
  'appeal.requestInfo': '要求补充材料',
  'appeal.decide': '作出申诉决定',
  'appeal.approve': '审批申诉决定',
  'colour.override': '调整颜色',
  'record.annul': '撤销数据记录',
  'venue.register': '登记场所',
};

/** What an entry is about (AuditTargetKind on the server). */
export const TARGET_LABELS: Readonly<Record<string, string>> = {
  account: '账号',
  pass: '通行证',
  invitation: '邀请',
  family: '家人授权',
  person: '人员',
  followUp: '随访',
  appeal: '申诉',
  feedRecord: '数据记录',
  venue: '场所',
};

/** One entry as the list shows it. */
export interface AuditLine {
  key: string;
  at: string;
  actor: string;
  action: string;
  target: string;
  reason: string;
}

/** The roles an actor acted in: everyone is a resident, so that is said only when it is all they are. */
function actorRoleWords(roles: Role[]): string {
  const served = roles.filter((role) => role !== 'resident');
  return (served.length ? served : roles).map((role) => ROLE_LABELS[role]).join('、');
}

export function auditLine(entry: AuditEntryView, index: number): AuditLine {
  const roles = actorRoleWords(entry.actorRoles);
  return {
    // Entries carry no id; time and position in the list are unique enough for wx:key.
    key: `${entry.at}:${index}`,
    at: formatBeijingTime(entry.at),
    actor: roles ? `${roles} ${entry.actorMasked}` : entry.actorMasked,
    action: (ACTION_LABELS as Readonly<Record<string, string>>)[entry.action] ?? entry.action,
    target: `${TARGET_LABELS[entry.target.kind] ?? entry.target.kind} ${entry.target.id}`,
    reason: entry.reason,
  };
}
