import fc from 'fast-check';
import { decodePageCursor, encodePageCursor } from './page-cursor';

const encoded = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('page cursors', () => {
  test('a cursor gives back the position it was made from', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.string({ minLength: 1, maxLength: 128 }), (at, id) => {
        const cursor = encodePageCursor({ at, id });
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodePageCursor(cursor)).toEqual({ at, id });
      }),
    );
  });

  test.each([
    ['an empty text', ''],
    ['characters outside base64url', 'abc+/='],
    ['no JSON inside', Buffer.from('hello').toString('base64url')],
    ['an object instead of a pair', encoded({ at: 1, id: 'a' })],
    ['a pair too short', encoded([1])],
    ['a pair too long', encoded([1, 'a', 'b'])],
    ['a time as text', encoded(['1', 'a'])],
    ['a fractional time', encoded([1.5, 'a'])],
    ['a negative time', encoded([-1, 'a'])],
    ['a time past safe integers', encoded([2 ** 53, 'a'])],
    ['an empty id', encoded([1, ''])],
    ['an id that is no string', encoded([1, 7])],
    ['an overlong id', encoded([1, 'a'.repeat(129)])],
  ])('%s is no cursor', (_label, cursor) => {
    expect(decodePageCursor(cursor)).toBeUndefined();
  });
});
