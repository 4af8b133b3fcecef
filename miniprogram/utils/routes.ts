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
  appeal: '/pages/appeal/index',
  colourHistory: '/pages/colour-history/index',
  staffAppeals: '/pages/staff-appeals/index',
  staffAppeal: '/pages/staff-appeal/index',
  staffFollowUps: '/pages/staff-follow-ups/index',
  staffDashboard: '/pages/staff-dashboard/index',
} as const;
