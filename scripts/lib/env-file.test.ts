import { parseEnvFile } from './env-file';

test('NAME=value lines; comments, blanks, export and one pair of quotes are handled; JSON needs no quoting', () => {
  expect(parseEnvFile('# secrets\n\nENV_ID=tx-1\r\nexport A = "x y"\nB=\'q\'\nJSON={"keys":[{"kid":"0001"}]}\nEMPTY=\nEQ=a=b\n')).toEqual({
    ENV_ID: 'tx-1',
    A: 'x y',
    B: 'q',
    JSON: '{"keys":[{"kid":"0001"}]}',
    EMPTY: '',
    EQ: 'a=b',
  });
});

test('a malformed line is refused by its number, without its text', () => {
  expect(() => parseEnvFile('A=1\nsecret-value-without-name\n')).toThrow(/^line 2 is not NAME=value$/);
});
