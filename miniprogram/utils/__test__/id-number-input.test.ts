import { idNumberInputProblem } from '../id-number-input';

describe('idNumberInputProblem', () => {
  test.each([
    ['11010519491231002X'],
    ['11010519491231002x'],
    ['  110105194912310021 '],
    // Full-width digits and Ｘ from a Chinese input method in full-width mode.
    ['１１０１０５１９４９１２３１００２Ｘ'],
  ])('lets %p through: the server decides the rest', (raw) => {
    expect(idNumberInputProblem(raw)).toBeNull();
  });

  test.each([
    ['', '请输入身份证号码'],
    ['   ', '请输入身份证号码'],
    ['110105 19491231002X', '号码中间不能有空格，请去掉空格'],
    ['11010519491231002Y', '身份证号码只能包含数字，最后一位可以是X'],
    ['11010519491231002', '身份证号码应为18位，您输入了17位'],
    ['1101051949123100211', '身份证号码应为18位，您输入了19位'],
    ['X10105194912310021', '只有最后一位可以是X，请核对'],
  ])('points out %p', (raw, problem) => {
    expect(idNumberInputProblem(raw)).toBe(problem);
  });
});
