import type { DatabaseSchema } from '../../cloudfunctions/shared/schema';
import { createIndexOf, describeSetup, indexesToCreate, planSetup, STORAGE_RULE } from './setup-plan';

const schema: DatabaseSchema = {
  collections: [
    {
      name: 'audit',
      description: '',
      indexes: [
        { name: 'person_unique', keys: [{ field: 'personKey', direction: 1 }], unique: true },
        { name: 'target_at', keys: [{ field: 'target.id', direction: 1 }, { field: 'at', direction: -1 }], unique: false },
      ],
      securityRule: 'ADMINONLY',
    },
    { name: 'meta', description: '', indexes: [], securityRule: 'ADMINONLY' },
  ],
};

test('an index keeps its name, its keys in order with string directions (dotted paths as they are) and its uniqueness', () => {
  expect(createIndexOf(schema.collections[0].indexes[1])).toEqual({
    IndexName: 'target_at',
    MgoKeySchema: { MgoIndexKeys: [{ Name: 'target.id', Direction: '1' }, { Name: 'at', Direction: '-1' }], MgoIsUnique: false },
  });
});

test('per collection: create if missing, its indexes (none when it has none), its rule; then the storage rule', () => {
  expect(planSetup(schema, 'env-1')).toEqual([
    { method: 'database.createCollectionIfNotExists', args: ['audit'] },
    { method: 'database.updateCollection', args: ['audit', { CreateIndexes: schema.collections[0].indexes.map(createIndexOf) }] },
    { method: 'commonService.call', args: [{ Action: 'ModifySafeRule', Param: { EnvId: 'env-1', CollectionName: 'audit', AclTag: 'ADMINONLY' } }] },
    { method: 'database.createCollectionIfNotExists', args: ['meta'] },
    { method: 'commonService.call', args: [{ Action: 'ModifySafeRule', Param: { EnvId: 'env-1', CollectionName: 'meta', AclTag: 'ADMINONLY' } }] },
    { method: 'storage.setStorageAcl', args: ['CUSTOM', STORAGE_RULE] },
  ]);
});

test('clients read no file and write only under appeals/, as themselves', () => {
  expect(STORAGE_RULE).toEqual({ read: false, write: 'auth != null && resource.openid == auth.openid && /^appeals/.test(resource.path) == true' });
});

test('existing indexes: the same definition is skipped, another definition under the name is a conflict, the rest is created', () => {
  const [unique, compound] = schema.collections[0].indexes.map(createIndexOf);
  expect(indexesToCreate([unique, compound], [])).toEqual({ create: [unique, compound], conflicts: [] });
  const existingUnique = { Name: 'person_unique', Keys: [{ Name: 'personKey', Direction: '1' }], Unique: true };
  expect(indexesToCreate([unique, compound], [existingUnique])).toEqual({ create: [compound], conflicts: [] });
  expect(indexesToCreate([unique], [{ ...existingUnique, Unique: false }])).toEqual({ create: [], conflicts: ['index person_unique exists with other keys or uniqueness'] });
  expect(indexesToCreate([compound], [{ Name: 'target_at', Keys: [{ Name: 'target.id', Direction: '1' }, { Name: 'at', Direction: '1' }], Unique: false }]).conflicts).toHaveLength(1);
});

test('the description is one line per call whose arguments read back as JSON', () => {
  const calls = planSetup(schema, 'env-1');
  const lines = describeSetup('env-1', calls).split('\n');
  expect(lines[0]).toBe('CloudBase environment: env-1');
  expect(lines.slice(1).map((line) => JSON.parse(`[${/^[\w.]+\((.*)\)$/.exec(line)?.[1]}]`))).toEqual(calls.map((call) => call.args));
});
