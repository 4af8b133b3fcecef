/**
 * How long personal data is kept, by kind (cloudfunctions/shared/domain/retention.ts): the cron sweep deletes by
 * these numbers and the privacy guide (pages/privacy) states them, so residents are told what the system does.
 * Like utils/shared-pass-acts.ts, the mini-program's door to that file: it has no imports, and
 * miniprogram/tsconfig.json checks it without Node's types.
 */
export { RETENTION_DAYS, type RetainedKind } from '../../cloudfunctions/shared/domain/retention';
