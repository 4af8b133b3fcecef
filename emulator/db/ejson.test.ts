import { cloneDocument, decodeRequestValue, decodeStored, encode, idKey } from './ejson';

const now = new Date('2030-05-06T07:08:09.000Z');

describe('EJSON requests', () => {
  it('turns $tcb_server_date anywhere into now + offset', () => {
    const text = '{"a":{"$tcb_server_date":{"offset":{"$numberInt":"-1000"}}},"b":[{"c":{"$tcb_server_date":{"offset":{"$numberInt":"0"}}}}]}';
    expect(decodeRequestValue(text, 'data', now)).toEqual({ a: new Date(now.getTime() - 1000), b: [{ c: now }] });
  });

  it('turns BSON regular expressions into RegExp, refusing options JS cannot honour', () => {
    const value = decodeRequestValue('{"name":{"$regularExpression":{"pattern":"^a.c$","options":"is"}}}', 'query', now) as { name: RegExp };
    expect(value.name).toBeInstanceOf(RegExp);
    expect(value.name.test('A\nC')).toBe(true);
    expect(() => decodeRequestValue('{"n":{"$regularExpression":{"pattern":"a","options":"x"}}}', 'query', now)).toThrow(/option\(s\) "x"/);
  });

  it('keeps a "__proto__" key as data instead of changing the prototype', () => {
    const value = decodeRequestValue('{"__proto__":{"polluted":true}}', 'data', now) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers INVALID_PARAM naming the field for malformed text', () => {
    expect(() => decodeRequestValue('{"a":', 'projection', now)).toThrow(expect.objectContaining({ code: 'INVALID_PARAM', message: expect.stringContaining('projection') }));
  });
});

describe('document helpers', () => {
  it('encodes canonical EJSON that round-trips numbers, dates and regexps', () => {
    const doc = { i: 1, d: 1.25, l: 2 ** 40, at: new Date(5), re: /x/m };
    expect(decodeStored(encode(doc))).toEqual(doc);
    expect(encode({ i: 1 })).toBe('{"i":{"$numberInt":"1"}}');
  });

  it('keys ids by type, so "1" and 1 are different documents', () => {
    expect(idKey('1')).not.toBe(idKey(1));
    expect(idKey('a')).toBe('"a"');
  });

  it('clones objects, arrays and dates deeply', () => {
    const doc = { a: { b: [1, { c: 2 }] }, at: new Date(1) };
    const copy = cloneDocument(doc);
    (copy.a.b[1] as { c: number }).c = 3;
    copy.at.setTime(2);
    expect(doc).toEqual({ a: { b: [1, { c: 2 }] }, at: new Date(1) });
  });
});
