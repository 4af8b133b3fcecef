import { callableFunction, cloudPlatform, type ActionTable, type Platform } from '../shared/handler';
import { appealActions } from './appeals';
import { cardActions } from './cards';
import { dashboardActions } from './dashboard';
import { followUpActions } from './follow-ups';
import { guardianActions } from './guardian';
import { migrationActions } from './migration';
import { printedPassActions } from './printed-passes';
import { roleActions } from './roles';
import { venueActions } from './venues';

/** Actions of community staff and administrators, one module per area. */
export const staffActions: ActionTable<'staff'> = {
  ...roleActions,
  ...printedPassActions,
  ...guardianActions,
  ...migrationActions,
  ...followUpActions,
  ...cardActions,
  ...appealActions,
  ...dashboardActions,
  ...venueActions,
};

export const createStaff = (platform: Platform) => callableFunction('staff', staffActions, platform);
export const main = createStaff(cloudPlatform);
