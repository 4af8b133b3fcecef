/**
 * The server's rule of which acts staff may do on a pass (cloudfunctions/shared/domain/pass-acts.ts), reused so
 * that the staff-passes page offers exactly the acts the server carries out: the server refuses an act by the same
 * staffActProblem that leaves it out here. Like utils/shared-token.ts, the mini-program's door to that file: it
 * has only type imports (of typings/contract), and miniprogram/tsconfig.json checks it without Node's types.
 */
export { actStateOfView, staffActsFor, type StaffPassAct } from '../../cloudfunctions/shared/domain/pass-acts';
