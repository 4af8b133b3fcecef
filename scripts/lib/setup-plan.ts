import type { DatabaseSchema, IndexSpec } from '../../cloudfunctions/shared/schema';
import { appealImageFolder } from '../../cloudfunctions/shared/domain/appeal';

/**
 * Planning of `npm run setup:cloud`, pure: the schema file → the manager-node calls that create its
 * collections, indexes and security rules. Every call is safe to repeat: collections are created only when
 * missing, indexes only when no index of that name exists (see indexesToCreate), rules are set, not added.
 */

/** manager-node's CreateIndex (UpdateTable's CreateIndexes): the key directions are strings. */
export interface CreateIndex {
  IndexName: string;
  MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: '1' | '-1' }>; MgoIsUnique: boolean };
}

/** What DescribeTable reports of an existing index. */
export interface ExistingIndex {
  Name: string;
  Keys: Array<{ Name?: string; Direction?: string }>;
  Unique: boolean;
}

export type SetupCall =
  | { method: 'database.createCollectionIfNotExists'; args: [collection: string] }
  | { method: 'database.updateCollection'; args: [collection: string, indexes: { CreateIndexes: CreateIndex[] }] }
  | { method: 'commonService.call'; args: [{ Action: 'ModifySafeRule'; Param: { EnvId: string; CollectionName: string; AclTag: 'ADMINONLY' } }] }
  | { method: 'storage.setStorageAcl'; args: ['CUSTOM', { read: boolean; write: string }] };

/**
 * The storage bucket's rule: clients read nothing (functions hand out short-lived URLs of the files a caller
 * may see) and write only their own appeal images under `appeals/`; functions, as admin, are not bound by it.
 * A regex without escapes, because the rule language's escaping is layered (docs.cloudbase.net,
 * storage/security-rules/secure_resource); appeals check that each image lies in the caller's own folder.
 */
/** `appeals`, the top folder of every account's appeal images. */
const APPEAL_ROOT = appealImageFolder('').split('/')[0];

export const STORAGE_RULE = {
  read: false,
  write: `auth != null && resource.openid == auth.openid && /^${APPEAL_ROOT}/.test(resource.path) == true`,
};

export function createIndexOf(index: IndexSpec): CreateIndex {
  return {
    IndexName: index.name,
    MgoKeySchema: {
      MgoIndexKeys: index.keys.map((key) => ({ Name: key.field, Direction: key.direction === 1 ? '1' : '-1' })),
      MgoIsUnique: index.unique,
    },
  };
}

export function planSetup(schema: DatabaseSchema, envId: string): SetupCall[] {
  const calls = schema.collections.flatMap((collection): SetupCall[] => [
    { method: 'database.createCollectionIfNotExists', args: [collection.name] },
    ...(collection.indexes.length > 0
      ? [{ method: 'database.updateCollection' as const, args: [collection.name, { CreateIndexes: collection.indexes.map(createIndexOf) }] as [string, { CreateIndexes: CreateIndex[] }] }]
      : []),
    { method: 'commonService.call', args: [{ Action: 'ModifySafeRule', Param: { EnvId: envId, CollectionName: collection.name, AclTag: collection.securityRule } }] },
  ]);
  return [...calls, { method: 'storage.setStorageAcl', args: ['CUSTOM', STORAGE_RULE] }];
}

function sameIndex(wanted: CreateIndex, existing: ExistingIndex): boolean {
  const keys = wanted.MgoKeySchema.MgoIndexKeys;
  return (
    existing.Unique === wanted.MgoKeySchema.MgoIsUnique &&
    existing.Keys.length === keys.length &&
    existing.Keys.every((key, at) => key.Name === keys[at].Name && String(key.Direction) === keys[at].Direction)
  );
}

/**
 * Which wanted indexes to create, given those the collection has. An index of the same name and definition is
 * skipped; one of the same name but other keys or uniqueness is a conflict that setup will not resolve by
 * dropping (a unique index guards data): the operator decides.
 */
export function indexesToCreate(wanted: readonly CreateIndex[], existing: readonly ExistingIndex[]): { create: CreateIndex[]; conflicts: string[] } {
  const create: CreateIndex[] = [];
  const conflicts: string[] = [];
  for (const index of wanted) {
    const found = existing.find((candidate) => candidate.Name === index.IndexName);
    if (!found) create.push(index);
    else if (!sameIndex(index, found)) conflicts.push(`index ${index.IndexName} exists with other keys or uniqueness`);
  }
  return { create, conflicts };
}

export function describeSetup(envId: string, calls: readonly SetupCall[]): string {
  return [`CloudBase environment: ${envId}`, ...calls.map((call) => `${call.method}(${call.args.map((arg) => JSON.stringify(arg)).join(', ')})`)].join('\n');
}
