import type { AppealView, Result } from '../../../../typings/contract';
import { aMessage, anAppeal } from '../../../test-support/appeals';
import { aSession, SERVER_TIME } from '../../../test-support/fixtures';
import { answerModal, exists, find, loadComponent, openLoaded, settle, tap, textOf, typeInto, type Rendered } from '../../../test-support/simulate';
import { deferred, fakeFunctions, ok, refused, type FakeFunctions } from '../../../test-support/wx-cloud';
import { aPhoto, fakeUploads, fileIdOf, picking, type FakeUploads } from '../../../test-support/wx-media';

let pageId: string;
let functions: FakeFunctions;
let storage: FakeUploads;

beforeAll(() => {
  pageId = loadComponent('pages/appeal/index', 'tx-appeal');
});

beforeEach(() => {
  functions = fakeFunctions({ 'resident.appealMine': ok({ appeals: [] }), 'resident.session': ok(aSession({ appealUploadFolder: FOLDER })) });
  storage = fakeUploads();
});

afterEach(() => jest.restoreAllMocks());

const DESCRIPTION = '3月1日我没有去过该地区，当天在单位上班';
const FOLDER = 'appeals/openid-resident-1/';
const MB = 1024 * 1024;

async function fillForm(page: Rendered): Promise<void> {
  await tap(page, '.tx-appeal__category--wrongTravel');
  await typeInto(page, '#description', DESCRIPTION);
}

/** What each thumbnail says: its upload state, then its buttons (重试 on a failed one, 删除), run together. */
function thumbStates(page: Rendered): string[] {
  return page.querySelectorAll('.tx-appeal__thumb').map((thumb) => textOf(thumb));
}

describe('我要申诉', () => {
  describe('with no appeal yet: the form', () => {
    test('offers the four categories and counts the characters as the person types', async () => {
      const page = await openLoaded(pageId);

      expect(functions.sent('resident.appealMine')).toEqual([{}]);
      expect(page.querySelectorAll('.tx-choice__option').map((option) => textOf(option))).toEqual(['行程记录有误', '已解除或已出院', '不是本人', '其他']);
      expect(textOf(page)).toContain('申诉说明（10 至 500 个字）');
      expect(textOf(find(page, '.tx-appeal__count'))).toBe('已输入 0 / 500 字');

      await typeInto(page, '#description', '当天在上班');
      expect(textOf(find(page, '.tx-appeal__count'))).toBe('已输入 5 / 500 字');
    });

    test('sends the category and the trimmed description, then shows the appeal as submitted', async () => {
      const toast = jest.spyOn(wx, 'showToast');
      functions.answer({ 'resident.appealSubmit': ok({ appeal: anAppeal() }) });
      const page = await openLoaded(pageId);

      await tap(page, '.tx-appeal__category--wrongTravel');
      await typeInto(page, '#description', `  ${DESCRIPTION}  `);
      await tap(page, '#submit');

      expect(functions.sent('resident.appealSubmit')).toEqual([{ category: 'wrongTravel', description: DESCRIPTION, images: [] }]);
      expect(textOf(find(page, '.tx-appeal__title'))).toBe('已提交，等待受理');
      expect(textOf(find(page, '.tx-appeal__hint'))).toBe('我们会及时会同相关部门完成信息核验，并予以回复。');
      expect(textOf(find(page, '#timeline'))).toContain(`您的申诉2025年3月1日 14:05:09${DESCRIPTION}`);
      expect(exists(page, '.tx-appeal__form')).toBe(false);
      expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交' }));
    });

    test('asks for a category, and for at least 10 characters, before sending anything', async () => {
      const page = await openLoaded(pageId);

      await typeInto(page, '#description', DESCRIPTION);
      await tap(page, '#submit');
      expect(textOf(find(page, '.tx-appeal__submit-error'))).toBe('请选择申诉类型');

      await tap(page, '.tx-appeal__category--other');
      expect(exists(page, '.tx-appeal__submit-error')).toBe(false);
      await typeInto(page, '#description', '码不对');
      await tap(page, '#submit');
      expect(textOf(find(page, '.tx-appeal__description-error'))).toBe('申诉说明至少 10 个字，现在是 3 个字');

      expect(functions.sent('resident.appealSubmit')).toEqual([]);
    });

    test.each([
      ['LIMIT_REACHED', '您已有一件正在处理的申诉，请等待处理结果，或撤回后重新提交'],
      ['INVALID_REQUEST', '申诉说明中请勿填写身份证号码等证件号码'],
      ['NO_PASS', '您还没有申领通行证，请先申领'],
    ] as const)("a %s refusal shows the server's sentence under the form", async (code, message) => {
      functions.answer({ 'resident.appealSubmit': refused(code, message) });
      const page = await openLoaded(pageId);

      await tap(page, '.tx-appeal__category--notMe');
      await typeInto(page, '#description', DESCRIPTION);
      await tap(page, '#submit');

      expect(textOf(find(page, '.tx-appeal__submit-error'))).toBe(message);
      expect(exists(page, '.tx-appeal__form')).toBe(true);
    });

    test('sends once when 提交申诉 is tapped twice while the first is on its way', async () => {
      const reply = deferred<Result<{ appeal: AppealView }>>();
      functions.answer({ 'resident.appealSubmit': () => reply.promise });
      const page = await openLoaded(pageId);
      await tap(page, '.tx-appeal__category--other');
      await typeInto(page, '#description', DESCRIPTION);

      await tap(page, '#submit');
      expect(find(page, '#submit').data.disabled).toBe(true);
      expect(textOf(find(page, '#submit'))).toBe('正在提交…');
      await tap(page, '#submit');
      reply.resolve(ok({ appeal: anAppeal() }));
      await settle();

      expect(functions.sent('resident.appealSubmit')).toHaveLength(1);
    });
  });

  describe('images', () => {
    test("picking 2 photos uploads them into the session's folder, showing progress, and sends their fileIDs", async () => {
      const choose = picking(aPhoto('http://tmp/one.jpg'), aPhoto('http://tmp/two.PNG'));
      storage.behave('hold');
      functions.answer({ 'resident.appealSubmit': ok({ appeal: anAppeal() }) });
      const page = await openLoaded(pageId);
      await fillForm(page);

      await tap(page, '.tx-appeal__add-image');

      expect(choose).toHaveBeenCalledWith(expect.objectContaining({ count: 3, mediaType: ['image'], sizeType: ['compressed'] }));
      const [one, two] = storage.uploads;
      expect(storage.uploads.map((upload) => upload.filePath)).toEqual(['http://tmp/one.jpg', 'http://tmp/two.PNG']);
      expect(one.cloudPath).toMatch(/^appeals\/openid-resident-1\/[\w-]+\.jpg$/);
      expect(two.cloudPath).toMatch(/^appeals\/openid-resident-1\/[\w-]+\.png$/);
      expect(one.cloudPath).not.toBe(two.cloudPath);
      expect(page.querySelectorAll('.tx-appeal__thumb-image').map((image) => image.data.src)).toEqual(['http://tmp/one.jpg', 'http://tmp/two.PNG']);

      one.progress(40);
      await settle();
      expect(thumbStates(page)).toEqual(['上传中 40%删除', '上传中 0%删除']);
      expect(find(page, '#submit').data.disabled).toBe(true);
      await tap(page, '#submit');
      expect(functions.sent('resident.appealSubmit')).toEqual([]);

      one.succeed();
      two.progress(100);
      two.succeed();
      await settle();
      expect(thumbStates(page)).toEqual(['删除', '删除']);
      expect(find(page, '#submit').data.disabled).toBe(false);

      await tap(page, '#submit');
      expect(functions.sent('resident.appealSubmit')).toEqual([
        { category: 'wrongTravel', description: DESCRIPTION, images: [fileIdOf(one.cloudPath), fileIdOf(two.cloudPath)] },
      ]);
      expect(exists(page, '.tx-appeal__thumb')).toBe(false);
    });

    test('a 6 MB photo and a GIF are refused on the phone, each with its sentence, and nothing is uploaded', async () => {
      picking(aPhoto('http://tmp/big.jpg', 6 * MB), aPhoto('http://tmp/moving.gif', 200_000));
      const page = await openLoaded(pageId);

      await tap(page, '.tx-appeal__add-image');

      expect(textOf(find(page, '.tx-appeal__image-error'))).toBe('每张图片不能超过 5 MB，这张有 6.0 MB；只能上传 JPG 或 PNG 格式的图片');
      expect(storage.uploads).toEqual([]);
      expect(exists(page, '.tx-appeal__thumb')).toBe(false);
      expect(find(page, '#submit').data.disabled).toBe(false);
    });

    test('a refused photo does not hold back the good one picked with it', async () => {
      picking(aPhoto('http://tmp/scan.pdf'), aPhoto('http://tmp/ok.jpeg', 5 * MB));
      const page = await openLoaded(pageId);

      await tap(page, '.tx-appeal__add-image');

      expect(textOf(find(page, '.tx-appeal__image-error'))).toBe('只能上传 JPG 或 PNG 格式的图片');
      expect(storage.uploads.map((upload) => upload.filePath)).toEqual(['http://tmp/ok.jpeg']);
      expect(storage.uploads[0].cloudPath).toMatch(/\.jpeg$/);
    });

    test.each([
      ['重试', '.tx-appeal__thumb-retry', 1],
      ['删除', '.tx-appeal__thumb-remove', 0],
    ] as const)('a failed upload says so and keeps 提交申诉 disabled until %s', async (_label, button, sent) => {
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      picking(aPhoto('http://tmp/one.jpg'));
      storage.behave('fail');
      functions.answer({ 'resident.appealSubmit': ok({ appeal: anAppeal() }) });
      const page = await openLoaded(pageId);
      await fillForm(page);

      await tap(page, '.tx-appeal__add-image');

      expect(thumbStates(page)).toEqual(['上传失败重试删除']);
      expect(textOf(find(page, '.tx-appeal__upload-error'))).toBe('有图片没有上传成功，请检查网络后点“重试”，或删除这张图片后再提交');
      expect(find(page, '#submit').data.disabled).toBe(true);
      await tap(page, '#submit');
      expect(functions.sent('resident.appealSubmit')).toEqual([]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('uploadFile appeals/openid-resident-1/'), { errMsg: 'cloud.uploadFile:fail network error' });

      storage.behave('succeed');
      await tap(page, button);

      expect(exists(page, '.tx-appeal__upload-error')).toBe(false);
      expect(find(page, '#submit').data.disabled).toBe(false);
      await tap(page, '#submit');
      const [failed, retried] = storage.uploads;
      expect(functions.sent('resident.appealSubmit')[0].images).toEqual(sent ? [fileIdOf(failed.cloudPath)] : []);
      // A retry sends the same file to the same place.
      if (sent) expect(retried).toMatchObject({ cloudPath: failed.cloudPath, filePath: 'http://tmp/one.jpg' });
      else expect(retried).toBeUndefined();
    });

    test('at most 3: the picker offers what room is left, extra photos are turned away, and 添加图片 goes at 3', async () => {
      const choose = picking(aPhoto('http://tmp/1.jpg'), aPhoto('http://tmp/2.jpg'));
      const page = await openLoaded(pageId);
      await tap(page, '.tx-appeal__add-image');

      choose.mockResolvedValue({ tempFiles: [aPhoto('http://tmp/3.jpg'), aPhoto('http://tmp/4.jpg')], type: 'image', errMsg: 'chooseMedia:ok' });
      await tap(page, '.tx-appeal__add-image');

      expect(choose.mock.calls.map(([options]) => options.count)).toEqual([3, 1]);
      expect(storage.uploads.map((upload) => upload.filePath)).toEqual(['http://tmp/1.jpg', 'http://tmp/2.jpg', 'http://tmp/3.jpg']);
      expect(textOf(find(page, '.tx-appeal__image-error'))).toBe('最多上传 3 张图片');
      expect(page.querySelectorAll('.tx-appeal__thumb')).toHaveLength(3);
      expect(exists(page, '.tx-appeal__add-image')).toBe(false);

      await tap(page, '.tx-appeal__thumb-remove');
      expect(page.querySelectorAll('.tx-appeal__thumb-image').map((image) => image.data.src)).toEqual(['http://tmp/2.jpg', 'http://tmp/3.jpg']);
      expect(exists(page, '.tx-appeal__add-image')).toBe(true);
    });

    test('closing the picker without choosing changes nothing', async () => {
      jest.spyOn(wx, 'chooseMedia').mockRejectedValue({ errMsg: 'chooseMedia:fail cancel' });
      const page = await openLoaded(pageId);

      await tap(page, '.tx-appeal__add-image');

      expect(exists(page, '.tx-appeal__image-error')).toBe(false);
      expect(storage.uploads).toEqual([]);
    });

    test('an answer to staff carries its photos too', async () => {
      const asked = anAppeal({ status: 'infoRequested', canAddInfo: true });
      picking(aPhoto('http://tmp/proof.png'));
      functions.answer({ 'resident.appealMine': ok({ appeals: [asked] }), 'resident.appealAddInfo': ok({ appeal: anAppeal({ status: 'claimed' }) }) });
      const page = await openLoaded(pageId);

      await typeInto(page, '#answer', '证明已交社区');
      await tap(page, '.tx-appeal__answer .tx-appeal__add-image');
      await tap(page, '#send-answer');

      expect(functions.sent('resident.appealAddInfo')).toEqual([{ appealId: 'appeal-1', text: '证明已交社区', images: [fileIdOf(storage.uploads[0].cloudPath)] }]);
    });
  });

  describe('with an open appeal', () => {
    const asked = anAppeal({
      status: 'infoRequested',
      canAddInfo: true,
      messages: [aMessage(), aMessage({ at: SERVER_TIME + 3_600_000, from: 'staff', kind: 'question', text: '请补充单位出具的在岗证明' })],
    });

    test("shows staff's question in the timeline, and sends the answer", async () => {
      functions.answer({
        'resident.appealMine': ok({ appeals: [asked] }),
        'resident.appealAddInfo': ok({ appeal: anAppeal({ status: 'claimed', messages: [...asked.messages, aMessage({ kind: 'answer', text: '证明已交社区' })] }) }),
      });
      const page = await openLoaded(pageId);

      expect(textOf(find(page, '.tx-appeal__title'))).toBe('请您补充材料');
      expect(textOf(find(page, '#timeline'))).toContain('工作人员提问2025年3月1日 15:05:09请补充单位出具的在岗证明');
      expect(exists(page, '.tx-appeal__form')).toBe(false);

      await typeInto(page, '#answer', '证明已交社区');
      await tap(page, '#send-answer');

      expect(functions.sent('resident.appealAddInfo')).toEqual([{ appealId: 'appeal-1', text: '证明已交社区', images: [] }]);
      expect(textOf(find(page, '.tx-appeal__title'))).toBe('工作人员正在核实');
      expect(textOf(find(page, '#timeline'))).toContain('您的补充');
      expect(exists(page, '#answer')).toBe(false);
    });

    test('an empty answer is refused before sending; a refusal from the server shows its sentence', async () => {
      functions.answer({ 'resident.appealMine': ok({ appeals: [asked] }), 'resident.appealAddInfo': refused('INVALID_STATE', '工作人员没有要求补充材料，暂时无需补充') });
      const page = await openLoaded(pageId);

      await tap(page, '#send-answer');
      expect(textOf(find(page, '.tx-appeal__answer-error'))).toBe('补充说明至少 2 个字，现在是 0 个字');
      expect(functions.sent('resident.appealAddInfo')).toEqual([]);

      await typeInto(page, '#answer', '已补充');
      await tap(page, '#send-answer');
      expect(textOf(find(page, '.tx-appeal__action-error'))).toBe('工作人员没有要求补充材料，暂时无需补充');
    });

    test('withdrawing asks first; confirmed, it is withdrawn and the form is offered again', async () => {
      const modal = jest.spyOn(wx, 'showModal').mockResolvedValue({ confirm: true, cancel: false, content: '', errMsg: 'showModal:ok' });
      functions.answer({
        'resident.appealMine': ok({ appeals: [anAppeal()] }),
        'resident.appealWithdraw': ok({ appeal: anAppeal({ status: 'withdrawn', canWithdraw: false }) }),
      });
      const page = await openLoaded(pageId);
      expect(exists(page, '#answer')).toBe(false);

      await tap(page, '#withdraw');

      expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤回申诉', confirmText: '撤回' }));
      expect(functions.sent('resident.appealWithdraw')).toEqual([{ appealId: 'appeal-1' }]);
      expect(textOf(find(page, '.tx-appeal__title'))).toBe('您已撤回申诉');
      expect(exists(page, '#withdraw')).toBe(false);
      expect(textOf(find(page, '.tx-appeal__form'))).toContain('重新提交申诉');
    });

    test('withdrawing and then tapping 取消 sends nothing', async () => {
      answerModal(false);
      functions.answer({ 'resident.appealMine': ok({ appeals: [anAppeal()] }) });
      const page = await openLoaded(pageId);

      await tap(page, '#withdraw');

      expect(functions.sent('resident.appealWithdraw')).toEqual([]);
      expect(find(page, '#withdraw').data.disabled).toBe(false);
    });

    test('shows the open appeal rather than an older decided one', async () => {
      const decided = anAppeal({ appealId: 'old', status: 'rejected', canWithdraw: false });
      functions.answer({ 'resident.appealMine': ok({ appeals: [anAppeal({ status: 'claimed' }), decided] }) });
      const page = await openLoaded(pageId);

      expect(textOf(find(page, '.tx-appeal__title'))).toBe('工作人员正在核实');
    });
  });

  describe('a decided appeal', () => {
    test('accepted with an override: the colour it was set to and until when, and a new appeal may be made', async () => {
      const decidedAt = SERVER_TIME + 86_400_000;
      functions.answer({
        'resident.appealMine': ok({
          appeals: [
            anAppeal({
              status: 'accepted',
              canWithdraw: false,
              messages: [aMessage(), aMessage({ at: decidedAt, from: 'staff', kind: 'reply', text: '已核实您当天在岗，调整为绿码' })],
              outcome: { decision: 'accept', decidedAt, override: { colour: 'green', expiresAt: decidedAt + 14 * 86_400_000 }, recordAnnulled: false },
            }),
          ],
        }),
      });
      const page = await openLoaded(pageId);

      expect(textOf(find(page, '.tx-appeal__title'))).toBe('申诉已通过');
      expect(textOf(find(page, '.tx-appeal__outcome'))).toBe(
        '2025年3月2日 14:05:09 作出决定。您的通行码已调整为绿码，有效至 2025年3月16日 14:05:09；到期后按最新数据重新判定。答复：已核实您当天在岗，调整为绿码',
      );
      expect(textOf(find(page, '.tx-appeal__form'))).toContain('重新提交申诉');
    });

    test('rejected: the reply, and what to do next', async () => {
      functions.answer({
        'resident.appealMine': ok({
          appeals: [
            anAppeal({
              status: 'rejected',
              canWithdraw: false,
              messages: [aMessage(), aMessage({ from: 'staff', kind: 'reply', text: '经核实，行程记录无误' })],
              outcome: { decision: 'reject', decidedAt: SERVER_TIME, override: null, recordAnnulled: false },
            }),
          ],
        }),
      });
      const page = await openLoaded(pageId);

      expect(textOf(find(page, '.tx-appeal__title'))).toBe('申诉未通过');
      expect(textOf(find(page, '.tx-appeal__outcome'))).toContain('经核实，您的通行码颜色不作调整。');
      expect(textOf(find(page, '.tx-appeal__reply'))).toBe('答复：经核实，行程记录无误');
      expect(textOf(find(page, '.tx-appeal__hint'))).toBe('如仍有疑问，可以重新提交申诉，或到社区咨询。');
    });

    test('accepted by annulling the record behind the colour says so', async () => {
      functions.answer({
        'resident.appealMine': ok({
          appeals: [anAppeal({ status: 'accepted', canWithdraw: false, outcome: { decision: 'accept', decidedAt: SERVER_TIME, override: null, recordAnnulled: true } })],
        }),
      });
      const page = await openLoaded(pageId);

      expect(textOf(find(page, '.tx-appeal__outcome'))).toContain('有误的数据记录已撤销，通行码颜色已按最新数据更新。');
    });
  });

  test("a failure to read the appeals shows the server's sentence and 重试, which reads them again", async () => {
    functions.answer({ 'resident.appealMine': refused('UNAVAILABLE') });
    const page = await openLoaded(pageId);

    expect(textOf(find(page, '#state'))).toContain('网络不可用，请稍后重试');

    functions.answer({ 'resident.appealMine': ok({ appeals: [anAppeal({ status: 'claimed' })] }) });
    await tap(page, '#state >>> .tx-state-view__retry');

    expect(functions.sent('resident.appealMine')).toHaveLength(2);
    expect(textOf(find(page, '.tx-appeal__title'))).toBe('工作人员正在核实');
    expect(textOf(find(page, '#state'))).not.toContain('网络不可用');
  });
});
