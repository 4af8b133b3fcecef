/**
 * Every collection of the Tongxing database, declared once. The local emulator creates them from this
 * file and the deployment setup (`npm run setup:cloud`) will create the same collections, indexes and
 * security rules in a CloudBase environment.
 */

/** CloudBase's simple security presets; clients never touch our collections, so we only use ADMINONLY. */
export type SecurityRule = 'ADMINONLY';

export interface IndexSpec {
  /** Index name as shown in the CloudBase console (letters, digits, underscore). */
  name: string;
  /** Field paths (dotted for nested fields) with direction, in order. */
  keys: ReadonlyArray<{ field: string; direction: 1 | -1 }>;
  unique: boolean;
}

export interface CollectionSpec {
  name: string;
  /** What the collection holds, for people reading the schema and the console. */
  description: string;
  indexes: readonly IndexSpec[];
  securityRule: SecurityRule;
}

export interface DatabaseSchema {
  collections: readonly CollectionSpec[];
}

export const COLLECTIONS = {
  /** Role grants of WeChat accounts (document id = openid). Admins come from configuration instead. */
  roles: 'roles',
  /** Small documents about the deployment itself: seed markers, last timer runs. */
  meta: 'meta',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

export const SCHEMA: DatabaseSchema = {
  collections: [
    {
      name: COLLECTIONS.roles,
      description: 'Role grants per WeChat account: guard (with its checkpoint) or staff (with its district).',
      indexes: [{ name: 'role_granted', keys: [{ field: 'role', direction: 1 }, { field: 'grantedAt', direction: -1 }], unique: false }],
      securityRule: 'ADMINONLY',
    },
    {
      name: COLLECTIONS.meta,
      description: 'Deployment bookkeeping: seed marker, last run of each timer.',
      indexes: [],
      securityRule: 'ADMINONLY',
    },
  ],
};
