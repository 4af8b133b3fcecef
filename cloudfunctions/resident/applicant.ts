import { z } from 'zod';
import { AppError } from '../shared/errors';
import { chinaDate } from '../shared/domain/china-date';
import type { CertInfo } from '../shared/domain/face-verification';
import { parseIdNumber } from '../shared/domain/id-number';
import { parsePersonName } from '../shared/domain/person-name';

/** Generous bounds: the domain parsers give the precise, human messages. */
export const APPLICANT = { name: z.string().max(100), idNumber: z.string().max(64) };

/** The applicant's name and ID number, normalised, or NAME_INVALID / ID_INVALID saying what is wrong. */
export function parseApplicant(params: { name: string; idNumber: string }, now: Date): CertInfo {
  const name = parsePersonName(params.name);
  if (!name.ok) throw new AppError('NAME_INVALID', name.message);
  const idNumber = parseIdNumber(params.idNumber, chinaDate(now));
  if (!idNumber.ok) throw new AppError('ID_INVALID', idNumber.message, idNumber.problem);
  return { name: name.value, idNumber: idNumber.value };
}
