import type { Role } from '../../typings/contract';
import type { RoleDocument } from '../../cloudfunctions/shared/roles';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import { database, runTransaction } from '../../cloudfunctions/shared/cloudbase';

export interface DemoAccount {
  openid: string;
  label: string;
  role: Role;
}

/** The WeChat accounts `npm start` seeds; the preview's identity switcher offers the same list. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { openid: 'o-demo-resident-1', label: '居民 王小明', role: 'resident' },
  { openid: 'o-demo-resident-2', label: '居民 李华', role: 'resident' },
  { openid: 'o-demo-guard', label: '查验员 张卫东（幸福小区东门）', role: 'guard' },
  { openid: 'o-demo-staff', label: '社区工作人员 陈静（松江区）', role: 'staff' },
  { openid: 'o-demo-admin', label: '管理员 刘强', role: 'admin' },
];

/** Admins come from configuration, not the database: locally the demo admin is configured. */
export const DEMO_ADMIN_OPENIDS = DEMO_ACCOUNTS.filter((account) => account.role === 'admin').map((account) => account.openid);

const SEED_MARKER = 'seed';

/**
 * Seeds the demo grants once: a marker document makes later starts leave the data (and any changes made
 * since) alone. Returns whether anything was written.
 */
export async function seedDemoData(now: Date): Promise<boolean> {
  const db = database();
  const meta = db.collection(COLLECTIONS.meta);
  if ((await meta.doc(SEED_MARKER).get()).data.length > 0) return false;

  const grants: Array<Omit<RoleDocument, '_id'> & { _id: string }> = [
    { _id: 'o-demo-guard', guard: { checkpointId: 'cp-xingfu-east', checkpointName: '幸福小区东门', grantedAt: now, grantedBy: 'seed' } },
    { _id: 'o-demo-staff', staff: { district: '松江区', grantedAt: now, grantedBy: 'seed' } },
  ];
  await runTransaction(db, async (transaction) => {
    for (const grant of grants) {
      const { _id, ...fields } = grant;
      await transaction.collection(COLLECTIONS.roles).doc(_id).set(fields);
    }
    await transaction.collection(COLLECTIONS.meta).doc(SEED_MARKER).set({ seededAt: now });
  });
  return true;
}
