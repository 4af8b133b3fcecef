import { z } from 'zod';
import type { ActionTable } from '../shared/handler';
import { LEGACY_BATCH_MAX, LEGACY_TEXT_MAX } from '../shared/domain/legacy';
import { importLegacyRecords } from '../shared/legacy-import';
import { actorOf } from '../shared/manual-acts';

// Only the shape is checked here: the content of each row is judged row by row, so one bad row never fails the batch.
const text = z.string().max(LEGACY_TEXT_MAX);
const LEGACY_RECORD = z.strictObject({
  line: z.number().int().positive(),
  name: text,
  idNumber: text,
  legacyNumber: text,
  status: z.enum(['active', 'revoked']),
  issuedOn: text.optional(),
});

export const migrationActions: Pick<ActionTable<'staff'>, 'importLegacy'> = {
  importLegacy: {
    params: z.strictObject({ records: z.array(LEGACY_RECORD).max(LEGACY_BATCH_MAX) }),
    allow: ['staff', 'admin'],
    async run({ records }, context) {
      const { db, config, now } = context;
      return { rows: await importLegacyRecords({ db, protector: config.idProtector(), actor: await actorOf(context), now }, records) };
    },
  },
};
