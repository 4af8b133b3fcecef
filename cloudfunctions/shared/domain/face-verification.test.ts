import { certHash, failureMessage, NOT_VERIFIED, personBinding, verificationProblem, type FaceVerificationDocument } from './face-verification';

describe('certHash', () => {
  test("matches WeChat's documented example (张三, an ID-shaped number whose check digit is wrong: no real person)", () => {
    expect(certHash({ name: '张三', idNumber: '310101199801011234' })).toBe('3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b');
  });

  test('depends on every character of name and number', () => {
    const base = certHash({ name: '张三', idNumber: '11010119000101001X' });
    expect(certHash({ name: '张山', idNumber: '11010119000101001X' })).not.toBe(base);
    expect(certHash({ name: '张三', idNumber: '110101190001010028' })).not.toBe(base);
  });
});

describe('failureMessage', () => {
  test.each([
    [90002, '已取消'],
    [90006, '已取消'],
    [90010, '相机和麦克风'],
    [90001, '不支持人脸核验'],
    [90012, '网络'],
    [10003, '不一致'],
    [90011, '摘下口罩'],
    [90017, '光线均匀'],
  ])('verify_ret %i says %s', (verifyRet, words) => {
    expect(failureMessage(verifyRet)).toContain(words);
  });
});

describe('verificationProblem', () => {
  const now = new Date('2026-11-27T02:00:00Z');
  const record: FaceVerificationDocument = {
    _id: 'seq-00001',
    openid: 'o-a',
    personBinding: personBinding('person-key', '张三'),
    verifier: 'local',
    verifyId: 'v',
    createdAt: now,
    validUntil: new Date(now.getTime() + 60_000),
  };
  const application = { openid: 'o-a', personBinding: personBinding('person-key', '张三'), now };

  test('the same account, person and hour: no problem', () => {
    expect(verificationProblem(record, application)).toBeNull();
  });
  test('another account: not verified', () => {
    expect(verificationProblem(record, { ...application, openid: 'o-b' })).toBe(NOT_VERIFIED);
  });
  test('another name or person key: mismatch', () => {
    expect(verificationProblem(record, { ...application, personBinding: personBinding('person-key', '张山') })?.code).toBe('FACE_VERIFICATION_MISMATCH');
    expect(verificationProblem(record, { ...application, personBinding: personBinding('other-key', '张三') })?.code).toBe('FACE_VERIFICATION_MISMATCH');
  });
  test('at the end of its validity: expired', () => {
    expect(verificationProblem(record, { ...application, now: record.validUntil })?.code).toBe('FACE_VERIFICATION_EXPIRED');
  });
});
