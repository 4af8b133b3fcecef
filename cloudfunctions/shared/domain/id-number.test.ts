import fc from 'fast-check';
import { checkDigitOf, parseIdNumber, type IdNumberKind } from './id-number';
import { isMainlandProvinceCode, PROVINCE_LEVEL_REGIONS } from './regions';

/** Every number here is synthetic: built from parts and completed with a computed check character. */
const TODAY = '2026-11-27';
const CHECK_ALPHABET = '0123456789X';

function withCheckDigit(first17: string): string {
  return first17 + checkDigitOf(first17);
}

/** Beijing Dongcheng, 1990-03-07, the first sequence (from 000) whose check character is `check`. */
function syntheticNumberEndingIn(check: string): string {
  for (let sequence = 0; sequence < 1000; sequence += 1) {
    const first17 = `11010119900307${String(sequence).padStart(3, '0')}`;
    if (checkDigitOf(first17) === check) return first17 + check;
  }
  throw new Error(`no sequence gives check character ${check}`);
}

function parse(raw: string) {
  return parseIdNumber(raw, TODAY);
}

function problemOf(raw: string, today = TODAY) {
  const result = parseIdNumber(raw, today);
  return result.ok ? 'accepted' : result.problem;
}

/** Beijing Dongcheng, 1990-03-07, sequence 447. */
const BEIJING = withCheckDigit('11010119900307447');
const ENDS_IN_X = syntheticNumberEndingIn('X');

describe('checkDigitOf (ISO 7064 MOD 11-2)', () => {
  test('follows the weights by hand: 1·7+1·9+0·10+1·5+0·8+1·4+1·2+9·1+9·6+0·3+0·7+3·9+0·10+7·5+4·8+4·4+7·2 = 214 ≡ 5 → "7"', () => {
    expect(checkDigitOf('11010119900307447')).toBe('7');
  });

  test('satisfies the defining equation Σ aᵢ·2^(18−i) ≡ 1 (mod 11) over all 18 characters, X counting 10', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{17}$/), (first17) => {
        const values = [...withCheckDigit(first17)].map((character) => CHECK_ALPHABET.indexOf(character));
        const sum = values.reduce((total, value, index) => total + value * 2 ** (17 - index), 0);
        expect(sum % 11).toBe(1);
      }),
    );
  });

  test.each(['1101011990030744', '110101199003074478', '1101011990030744X', '１１０１０１１９９００３０７４４７'])(
    'refuses %s, which is not 17 ASCII digits',
    (input) => {
      expect(() => checkDigitOf(input)).toThrow(RangeError);
    },
  );
});

describe('parseIdNumber accepts', () => {
  test('a resident number and reads kind, birth date and region from it', () => {
    expect(parse(BEIJING)).toEqual({ ok: true, value: BEIJING, kind: 'resident', birthDate: '1990-03-07', regionCode: '110101' });
  });

  test('a lower-case x as the check character, normalised to X', () => {
    expect(ENDS_IN_X.endsWith('X')).toBe(true);
    expect(parse(ENDS_IN_X.toLowerCase())).toMatchObject({ ok: true, value: ENDS_IN_X });
  });

  test('full-width digits and Ｘ/ｘ from a Chinese input method, with surrounding spaces including the ideographic one', () => {
    const fullWidth = (id: string) => [...id].map((character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0)).join('');
    expect(parse(`\u3000${fullWidth(BEIJING)} `)).toMatchObject({ ok: true, value: BEIJING });
    expect(parse(fullWidth(ENDS_IN_X))).toMatchObject({ ok: true, value: ENDS_IN_X });
    expect(parse(fullWidth(ENDS_IN_X.toLowerCase()))).toMatchObject({ ok: true, value: ENDS_IN_X });
  });

  test('surrounding whitespace, trimmed', () => {
    expect(parse(`  ${BEIJING}\t\n`)).toMatchObject({ ok: true, value: BEIJING });
  });

  test.each<[string, string, IdNumberKind]>([
    ['Hong Kong residence permit', '810000', 'hkMacaoResidence'],
    ['Macao residence permit', '820000', 'hkMacaoResidence'],
    ['Taiwan residence permit', '830000', 'taiwanResidence'],
    ['foreigner permanent residence card issued in Shanghai (nationality 840)', '931840', 'foreignPermanentResidence'],
    ['resident of Taiwan province code 71', '710101', 'resident'],
    ['resident of Xinjiang', '650102', 'resident'],
  ])('a %s', (_label, regionCode, kind) => {
    const id = withCheckDigit(`${regionCode}19850615123`);
    expect(parse(id)).toEqual({ ok: true, value: id, kind, birthDate: '1985-06-15', regionCode });
  });

  test.each([
    ['the leap day of 2000 (divisible by 400)', '20000229'],
    ['the leap day of 2024', '20240229'],
    ['the first day accepted, 1900-01-01', '19000101'],
    [`a birth date equal to today (${TODAY})`, TODAY.replace(/-/g, '')],
    ['a birth on the last day of a 31-day month', '19991231'],
  ])('%s', (_label, birthDate) => {
    expect(parse(withCheckDigit(`110101${birthDate}001`))).toMatchObject({ ok: true });
  });
});

describe('parseIdNumber refuses, naming the problem', () => {
  test.each([
    ['17 characters', BEIJING.slice(0, 17), '身份证号码应为18位，您输入了17位'],
    ['19 characters', `${BEIJING}1`, '身份证号码应为18位，您输入了19位'],
    ['nothing but spaces', '   ', '请输入身份证号码'],
  ])('%s as a length problem', (_label, input, message) => {
    expect(parse(input)).toEqual({ ok: false, problem: 'length', message });
  });

  test('a retired 15-digit number, saying which number to enter instead', () => {
    const result = parse(BEIJING.slice(0, 15));
    expect(result).toMatchObject({ ok: false, problem: 'length' });
    expect(!result.ok && result.message).toContain('15位旧号码已停用');
  });

  test.each([
    ['a letter', `${BEIJING.slice(0, 10)}A${BEIJING.slice(11)}`, '身份证号码只能包含数字，最后一位可以是X'],
    ['a hyphen', `${BEIJING.slice(0, 6)}-${BEIJING.slice(6)}`, '身份证号码只能包含数字，最后一位可以是X'],
    ['a space inside', `${BEIJING.slice(0, 6)} ${BEIJING.slice(6)}`, '号码中间不能有空格，请去掉空格'],
    ['X before the last place', `${BEIJING.slice(0, 16)}X${BEIJING[17]}`, '只有最后一位可以是X，请核对'],
  ])('%s as a characters problem', (_label, input, message) => {
    expect(parse(input)).toEqual({ ok: false, problem: 'characters', message });
  });

  test('a letter that also makes the length wrong as characters: removing it is the fix', () => {
    expect(problemOf(`${BEIJING}A`)).toBe('characters');
  });

  test.each([
    ['an unknown province 10', '100101'],
    ['an unknown province 00', '000000'],
    ['province 72 (not a code)', '720101'],
    ['a county under Hong Kong, where only 810000 permits exist', '810101'],
    ['a county under Taiwan residents’ prefix 83', '830101'],
    ['a foreigner card whose issuing province is not on the mainland (81)', '981840'],
    ['a foreigner card with an unknown issuing province', '900840'],
  ])('%s as a region problem', (_label, regionCode) => {
    expect(problemOf(withCheckDigit(`${regionCode}19850615123`))).toBe('region');
  });

  test.each([
    ['1900-02-29 (1900 is not a leap year)', '19000229'],
    ['2023-02-29', '20230229'],
    ['1899-12-31, before 1900', '18991231'],
    ['month 13', '19901301'],
    ['month 00', '19900001'],
    ['day 00', '19900100'],
    ['April 31', '19900431'],
    ['tomorrow', '20261128'],
    ['a birth in the next year', '20270101'],
  ])('%s as a birth date problem', (_label, birthDate) => {
    expect(problemOf(withCheckDigit(`110101${birthDate}001`))).toBe('birthDate');
  });

  test('a wrong check character as a check digit problem, telling the person to check every digit', () => {
    const wrongCheck = BEIJING.slice(0, 17) + (BEIJING[17] === '0' ? '1' : '0');
    expect(parse(wrongCheck)).toEqual({ ok: false, problem: 'checkDigit', message: '校验码不正确，请逐位核对号码，尤其是最后一位' });
  });

  test('a region problem before a birth date problem before a check digit problem', () => {
    const badRegionBadDateBadCheck = `00010119901301001${checkDigitOf('00010119901301001') === '0' ? '1' : '0'}`;
    const badDateBadCheck = `11010119901301001${checkDigitOf('11010119901301001') === '0' ? '1' : '0'}`;
    expect(problemOf(badRegionBadDateBadCheck)).toBe('region');
    expect(problemOf(badDateBadCheck)).toBe('birthDate');
  });

  test('a malformed today as a programming error', () => {
    for (const today of ['2026-02-30', '20261127', '2026-1-27', '']) {
      expect(() => parseIdNumber(BEIJING, today)).toThrow(RangeError);
    }
  });
});

const digits = (count: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: count, maxLength: count });
const RESIDENT_PROVINCES = [...PROVINCE_LEVEL_REGIONS.keys()].filter((code) => code !== '81' && code !== '82');
const MAINLAND_PROVINCES = [...PROVINCE_LEVEL_REGIONS.keys()].filter(isMainlandProvinceCode);

const regionOfKind: Record<IdNumberKind, fc.Arbitrary<string>> = {
  resident: fc.tuple(fc.constantFrom(...RESIDENT_PROVINCES), digits(4)).map(([province, county]) => province + county),
  hkMacaoResidence: fc.constantFrom('810000', '820000'),
  taiwanResidence: fc.constant('830000'),
  foreignPermanentResidence: fc.tuple(fc.constantFrom(...MAINLAND_PROVINCES), digits(3)).map(([province, nationality]) => `9${province}${nationality}`),
};

const FIRST_BIRTH_DAY = Date.UTC(1900, 0, 1);
const LAST_BIRTH_DAY = Date.parse(`${TODAY}T00:00:00Z`);
const birthDate = fc
  .integer({ min: 0, max: (LAST_BIRTH_DAY - FIRST_BIRTH_DAY) / 86_400_000 })
  .map((days) => new Date(FIRST_BIRTH_DAY + days * 86_400_000).toISOString().slice(0, 10));

const validNumber = fc
  .constantFrom<IdNumberKind>('resident', 'hkMacaoResidence', 'taiwanResidence', 'foreignPermanentResidence')
  .chain((kind) => fc.record({ kind: fc.constant(kind), regionCode: regionOfKind[kind], birthDate, sequence: digits(3) }))
  .map((parts) => ({ ...parts, id: withCheckDigit(parts.regionCode + parts.birthDate.replace(/-/g, '') + parts.sequence) }));

function swap(id: string, first: number, second: number): string {
  const characters = [...id];
  [characters[first], characters[second]] = [characters[second], characters[first]];
  return characters.join('');
}

describe('parseIdNumber properties', () => {
  test('every generated valid number parses to the parts it was built from', () => {
    fc.assert(
      fc.property(validNumber, ({ id, kind, regionCode, birthDate: date }) => {
        expect(parse(id)).toEqual({ ok: true, value: id, kind, regionCode, birthDate: date });
      }),
    );
  });

  test('every single-character substitution is rejected: MOD 11-2 changes the sum by (d′−d)·wᵢ, never 0 mod 11', () => {
    fc.assert(
      fc.property(validNumber, ({ id }) => {
        const accepted: string[] = [];
        for (let position = 0; position < id.length; position += 1) {
          for (const replacement of CHECK_ALPHABET) {
            const substituted = id.slice(0, position) + replacement + id.slice(position + 1);
            if (replacement !== id[position] && parse(substituted).ok) accepted.push(substituted);
          }
        }
        expect(accepted).toEqual([]);
      }),
    );
  });

  test('every adjacent transposition of two different characters is rejected: wᵢ − wᵢ₊₁ = wᵢ₊₁ ≢ 0 (mod 11)', () => {
    fc.assert(
      fc.property(validNumber, ({ id }) => {
        const outcomes = [];
        for (let position = 0; position + 1 < id.length; position += 1) {
          if (id[position] !== id[position + 1]) outcomes.push({ position, problem: problemOf(swap(id, position, position + 1)) });
        }
        expect(outcomes.filter(({ problem }) => problem === 'accepted')).toEqual([]);
        // Within the sequence (characters 15-17) region and birth date stay valid: only the check catches the swap.
        const withinSequence = outcomes.filter(({ position }) => position >= 14 && position <= 15);
        expect(withinSequence.filter(({ problem }) => problem !== 'checkDigit')).toEqual([]);
      }),
    );
  });

  test('a transposition exactly 10 places apart keeps the check character (2^10 ≡ 1 mod 11): the check cannot catch it', () => {
    fc.assert(
      fc.property(validNumber, fc.integer({ min: 0, max: 6 }), ({ id }, position) => {
        expect(checkDigitOf(swap(id, position, position + 10).slice(0, 17))).toBe(id[17]);
      }),
    );
  });

  test('a birth date is accepted exactly when the calendar has that day (oracle: a Date.UTC round trip)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2025 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (year, month, day) => {
        const date = new Date(Date.UTC(year, month - 1, day));
        const exists = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
        const compact = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
        expect(problemOf(withCheckDigit(`110101${compact}001`))).toBe(exists ? 'accepted' : 'birthDate');
      }),
    );
  });

  test('no message repeats the number: at most two digits in a row, whatever was typed', () => {
    const mutated = fc.tuple(validNumber, fc.nat(17), fc.constantFrom(...CHECK_ALPHABET)).map(([{ id }, position, replacement]) => id.slice(0, position) + replacement + id.slice(position + 1));
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string(), digits(17), digits(19)), (input) => {
        const result = parse(input);
        if (!result.ok) expect(result.message).not.toMatch(/[0-9０-９]{3}/);
      }),
    );
  });
});
