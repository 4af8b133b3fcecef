import { UniqueIndex } from './unique';
import type { Doc } from './ejson';
import type { Changes } from './view';

const index = (): UniqueIndex =>
  new UniqueIndex('users', { name: 'city_phone', keys: [{ field: 'city', direction: 1 }, { field: 'contact.phone', direction: 1 }], unique: true });

const committed = (entries: Array<[string, Doc]>): UniqueIndex => {
  const built = index();
  built.build(entries);
  return built;
};

describe('UniqueIndex', () => {
  it('treats missing fields as null and compares compound keys on every field', () => {
    const unique = index();
    expect(unique.keyOf({ city: 'sh' })).toBe(unique.keyOf({ city: 'sh', contact: { phone: null } }));
    expect(unique.keyOf({ city: 'sh', contact: { phone: '1' } })).not.toBe(unique.keyOf({ city: 'sh', contact: { phone: '2' } }));
    expect(unique.keyOf({ city: 1 })).not.toBe(unique.keyOf({ city: '1' }));
  });

  it('refuses a change that collides with an untouched committed document', () => {
    const unique = committed([['"a"', { city: 'sh', contact: { phone: '1' } }]]);
    const changes: Changes = new Map([['"b"', { city: 'sh', contact: { phone: '1' } }]]);
    expect(() => unique.assertNoDuplicate(changes)).toThrow(/E11000 duplicate key error collection: users index: city_phone dup key: \{ city: "sh", contact.phone: "1" \}/);
  });

  it('refuses two changed documents with the same key', () => {
    const unique = committed([]);
    const changes: Changes = new Map([
      ['"a"', { city: 'gz' }],
      ['"b"', { city: 'gz' }],
    ]);
    expect(() => unique.assertNoDuplicate(changes)).toThrow(/E11000/);
  });

  it('accepts a key freed in the same changes by deleting or re-keying its owner', () => {
    const unique = committed([['"a"', { city: 'sh' }]]);
    expect(() => unique.assertNoDuplicate(new Map([['"a"', null], ['"b"', { city: 'sh' }]]))).not.toThrow();
    expect(() => unique.assertNoDuplicate(new Map([['"a"', { city: 'bj' }], ['"b"', { city: 'sh' }]]))).not.toThrow();
    expect(() => unique.assertNoDuplicate(new Map([['"a"', { city: 'sh', extra: 1 }]]))).not.toThrow();
  });

  it('moves keys on apply, so a key handed over inside one batch stays owned by its new document', () => {
    const before = new Map<string, Doc>([['"a"', { city: 'sh' }]]);
    const unique = committed([...before]);
    // Map order puts the new owner first: the removal of the old key must not drop it.
    const handover: Changes = new Map([['"b"', { city: 'sh' }], ['"a"', { city: 'bj' }]]);
    unique.apply(handover, (id) => before.get(id));
    expect(() => unique.assertNoDuplicate(new Map([['"c"', { city: 'sh' }]]))).toThrow(/E11000/);
    expect(() => unique.assertNoDuplicate(new Map([['"c"', { city: 'bj' }]]))).toThrow(/E11000/);
    expect(() => unique.assertNoDuplicate(new Map([['"c"', { city: 'gz' }]]))).not.toThrow();
  });

  it('refuses to build over documents that already share a key', () => {
    expect(() => committed([['"a"', {}], ['"b"', { city: null }]])).toThrow(/cannot build unique index city_phone on users: documents "a" and "b"/);
  });
});
