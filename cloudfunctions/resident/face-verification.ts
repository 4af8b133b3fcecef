import { z } from 'zod';
import { AppError } from '../shared/errors';
import { startFaceVerification } from '../shared/face-verifications';
import type { ActionTable } from '../shared/handler';
import { APPLICANT, parseApplicant } from './applicant';

/** 人脸核验 before applying, when the deployment has it on (FACE_VERIFICATION). */
export const faceVerificationActions: Pick<ActionTable<'resident'>, 'startFaceVerification'> = {
  startFaceVerification: {
    params: z.strictObject(APPLICANT),
    allow: ['resident'],
    async run(params, { db, caller, config, now }) {
      const cert = parseApplicant(params, now);
      const verifier = config.faceVerifier();
      if (!verifier) throw new AppError('INVALID_STATE', '本系统申领通行证无需人脸核验，请直接提交申请');
      return startFaceVerification(db, verifier, config.idProtector(), { openid: caller.openid, cert, now });
    },
  },
};
