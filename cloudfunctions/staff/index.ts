import { callableFunction, cloudPlatform, type ActionTable, type Platform } from '../shared/handler';
import { guardianActions } from './guardian';
import { migrationActions } from './migration';
import { printedPassActions } from './printed-passes';
import { roleActions } from './roles';

/** Actions of community staff and administrators, one module per area. */
export const staffActions: ActionTable<'staff'> = { ...roleActions, ...printedPassActions, ...guardianActions, ...migrationActions };

export const createStaff = (platform: Platform) => callableFunction('staff', staffActions, platform);
export const main = createStaff(cloudPlatform);
