/** Every page of app.json, for code that navigates; WXML links spell the same paths in data-url. */
export const ROUTES = {
  home: '/pages/home/index',
  apply: '/pages/apply/index',
  myPass: '/pages/my-pass/index',
  code: '/pages/code/index',
  guard: '/pages/guard/index',
  accountCode: '/pages/account-code/index',
  family: '/pages/family/index',
  invitation: '/pages/invitation/index',
  staffInvitations: '/pages/staff-invitations/index',
  staffPasses: '/pages/staff-passes/index',
} as const;
