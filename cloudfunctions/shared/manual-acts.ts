import { z } from 'zod';
import type { Actor } from './domain/audit';
import type { ActionContext } from './handler';

/**
 * 15 or more digits in a row once spaces and hyphens are gone (and full-width digits made ASCII): an ID number,
 * old or new, or a card number. Free text is kept in clear, so it must never carry one.
 */
export function containsIdNumberLike(text: string): boolean {
  return /[0-9]{15,}/.test(text.normalize('NFKC').replace(/[\s-]/g, ''));
}

/** Why a manual act was done, as the person doing it says it: kept in the audit log. */
export const REASON = z
  .string()
  .trim()
  .min(2, '请填写原因（至少 2 个字）')
  .max(200, '原因最多 200 个字')
  .refine((text) => !containsIdNumberLike(text), '原因中请勿填写身份证号码等证件号码，写明如何核验即可（如"核对身份证原件，本人到场"）');

/** Who does a manual act, as the audit log records it. */
export async function actorOf(context: ActionContext): Promise<Actor> {
  return { openid: context.caller.openid, roles: await context.roles() };
}
