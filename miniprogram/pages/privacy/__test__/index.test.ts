import { RETENTION_DAYS, type RetainedKind } from '../../../../cloudfunctions/shared/domain/retention';
import { exists, find, loadComponent, open, tap, textOf } from '../../../test-support/simulate';
import { fakeFunctions, type FakeFunctions } from '../../../test-support/wx-cloud';
import { fakeStorage } from '../../../test-support/wx-storage';

let pageId: string;
let functions: FakeFunctions;

beforeAll(() => {
  pageId = loadComponent('pages/privacy/index', 'tx-privacy');
});

beforeEach(() => {
  functions = fakeFunctions();
});

afterEach(() => jest.restoreAllMocks());

describe('隐私保护指引', () => {
  test('says what is collected: name and ID number as sensitive information, kept as a keyed hash, an encrypted copy and a masked form', () => {
    const collected = textOf(find(open(pageId), '.tx-privacy__collected'));

    expect(collected).toContain('姓名和身份证号码（敏感个人信息）');
    expect(collected).toContain('用于查找的加密编号（不能还原出号码）、一份加密的副本、一个遮住中间数字的号码');
    expect(collected).toContain('由负责身份信息的合作部门提供');
    expect(collected).toContain('卫生健康委、公安、通信运营商');
    expect(collected).toContain('查验员扫您通行码的时间和地点');
  });

  test('says WeChat scans the face and only whether it passed is kept, never the face image', () => {
    const collected = textOf(find(open(pageId), '.tx-privacy__collected'));

    expect(collected).toContain('刷脸由微信完成。我们只记下是否通过，不获取、不保存您的人脸图像');
  });

  test('says who sees what: guards a masked name, the photo and the colour; staff the full name, every look-up recorded', () => {
    const viewers = textOf(find(open(pageId), '.tx-privacy__viewers'));

    expect(viewers).toContain('只能看到遮住部分文字的姓名（如 张*三）、照片和通行码颜色，看不到身份证号码');
    expect(viewers).toContain('可以看到完整姓名');
    expect(viewers).toContain('每一次查询都会被记录');
  });

  test.each(Object.keys(RETENTION_DAYS) as RetainedKind[])('states the period the sweep keeps %s, from RETENTION_DAYS', (kind) => {
    const period = textOf(find(open(pageId), `.tx-privacy__period--${kind}`));

    expect(period).toMatch(new RegExp(`^\\S.*保存 ${RETENTION_DAYS[kind]} 天$`));
  });

  test('lists one period per kind the sweep deletes, and no other', () => {
    const page = open(pageId);

    expect(page.querySelectorAll('.tx-privacy__period')).toHaveLength(Object.keys(RETENTION_DAYS).length);
  });

  test('leads to 我要申诉 and names the community office, calling no function', async () => {
    const navigate = jest.spyOn(wx, 'navigateTo');
    const page = open(pageId);

    expect(textOf(find(page, '.tx-privacy__contact'))).toContain('携带身份证到社区办理');
    await tap(page, '.tx-privacy__appeal');

    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/appeal/index' }));
    expect(functions.cloud.callFunction).not.toHaveBeenCalled();
  });

  test('follows 长辈模式', () => {
    fakeStorage({ 'tx.elderMode': true });
    expect(exists(open(pageId), '.tx-elder')).toBe(true);
  });
});
