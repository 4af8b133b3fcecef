import { createCron } from '../../cloudfunctions/cron';
import { database } from '../../cloudfunctions/shared/cloudbase';
import { readConfig } from '../../cloudfunctions/shared/config';
import { appealNotice, colourChangedNotice, type NotificationDocument } from '../../cloudfunctions/shared/domain/notification';
import type { SubscriptionMessage } from '../../cloudfunctions/shared/domain/subscription';
import { generateSigningKeyConfig } from '../../cloudfunctions/shared/domain/token';
import { notifierFor, recordingNotifier, subscriptionNotifier } from '../../cloudfunctions/shared/notifier';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import { localCodeMaker, openApiCodeMaker, openApiMessageSender, type MessageSender, type OpenApi, type SendOutcome } from '../../cloudfunctions/shared/wechat';
import { invocationContext } from '../../emulator/runtime';
import type { RunningEmulator } from '../../emulator/server';
import { callerOf, dataOf } from '../support/call';
import { startTestEmulator } from '../support/emulator';
import { COLOUR_PARTNERS_ENV, colourFeeds } from '../support/feeds';
import { openidFor, syntheticIdNumber } from '../support/people';
import { testPlatform } from '../support/platform';

const TEMPLATES = { colourChanged: 'T-colour', appealReply: 'T-reply', appealRequest: 'T-request' };
const STAFF = openidFor('subscribe-staff');
let clock = new Date('2026-11-27T02:00:00Z');
const platform = testPlatform({ clock: () => clock, env: { TOKEN_SIGNING_KEYS: generateSigningKeyConfig('0001'), FEED_PARTNERS: COLOUR_PARTNERS_ENV } });
const call = callerOf(platform);
const turn = colourFeeds(platform);
const tick = () => {
  clock = new Date(clock.getTime() + 60_000);
};

/** A MessageSender that records what it is asked to send and answers `outcome` (or throws it). */
function fakeSender(outcome: SendOutcome | Error = 'sent') {
  const sent: SubscriptionMessage[] = [];
  const sender: MessageSender = {
    async send(message) {
      if (outcome instanceof Error) throw outcome;
      sent.push(message);
      return outcome;
    },
  };
  return { sender, sent };
}

const sweep = (sender: MessageSender) =>
  createCron(platform, subscriptionNotifier(sender, TEMPLATES))({ Type: 'Timer', TriggerName: 'sweep', Time: clock.toISOString() }, invocationContext('cron', { triggerSource: 'timer' }));
const noticesOf = async (openid: string) => (await database().collection(COLLECTIONS.notifications).where({ openid }).orderBy('createdAt', 'asc').get()).data as NotificationDocument[];

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
  await database().collection(COLLECTIONS.roles).doc(STAFF).set({ staff: { district: '松江区', grantedAt: clock, grantedBy: 'test' } });
});
afterAll(() => emulator.close());

describe('notices go out through the MessageSender', () => {
  test('a colour change, an appeal taken up, a request for more and the outcome each send one message with its template', async () => {
    const openid = openidFor('subscribe-resident');
    const idNumber = syntheticIdNumber(901);
    dataOf(await call('resident', { action: 'apply', name: '张三', idNumber }, openid));
    tick();
    await turn(idNumber, 'yellow');
    tick();
    const { appeal } = dataOf(await call('resident', { action: 'appealSubmit', category: 'wrongTravel', description: '当天一直在松江上班，行程记录有误', images: [] }, openid));
    const { appealId } = appeal;
    tick();
    dataOf(await call('staff', { action: 'appealClaim', appealId }, STAFF));
    tick();
    dataOf(await call('staff', { action: 'appealRequestInfo', appealId, question: '请上传当天的考勤记录' }, STAFF));
    tick();
    dataOf(await call('resident', { action: 'appealAddInfo', appealId, text: '考勤记录已上传' }, openid));
    tick();
    dataOf(await call('staff', { action: 'appealDecide', appealId, decision: 'reject', reply: '经核实，行程数据无误，维持原颜色' }, STAFF));
    tick();

    const { sender, sent } = fakeSender();
    expect(await sweep(sender)).toMatchObject({ ok: true, data: { notified: 4 } });
    expect(sent.map(({ touser, templateId, page }) => [touser, templateId, page])).toEqual([
      [openid, 'T-colour', 'pages/my-pass/index'],
      [openid, 'T-reply', 'pages/appeal/index'],
      [openid, 'T-request', 'pages/appeal/index'],
      [openid, 'T-reply', 'pages/appeal/index'],
    ]);
    expect(sent[2].data).toEqual({ thing1: { value: '您的申诉需要补充材料' }, thing2: { value: '请上传当天的考勤记录' }, time3: { value: '2026-11-27 10:04' } });
    expect((await noticesOf(openid)).map((notice) => [notice.kind, notice.channel, notice.deliveredAt])).toEqual([
      ['colourChanged', 'wechat', clock],
      ['appealReceived', 'wechat', clock],
      ['appealRequest', 'wechat', clock],
      ['appealOutcome', 'wechat', clock],
    ]);
    // Delivered once: the next sweep sends nothing.
    const again = fakeSender();
    await sweep(again.sender);
    expect(again.sent).toEqual([]);
  });

  test('a resident without a subscription is settled as such; a WeChat failure leaves the notice for a later sweep', async () => {
    const openid = openidFor('subscribe-failing');
    await database().collection(COLLECTIONS.notifications).add(colourChangedNotice(openid, 'green', 'yellow', '行程数据', clock));
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await sweep(fakeSender(Object.assign(new Error('system error'), { errCode: -1 })).sender)).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('system error'));
    logged.mockRestore();
    expect((await noticesOf(openid))[0]).toMatchObject({ deliveredAt: null, channel: null });

    // A claim left by the failed sweep is taken over once it is stale.
    clock = new Date(clock.getTime() + 6 * 60_000);
    await sweep(fakeSender('unsubscribed').sender);
    expect((await noticesOf(openid))[0]).toMatchObject({ deliveredAt: clock, channel: 'wechat:unsubscribed' });
  });

  test('configuration: the recording notifier without WECHAT_OPENAPI; with it, all three templates are required', () => {
    expect(notifierFor(readConfig({}))).toBe(recordingNotifier);
    expect(() => notifierFor(readConfig({ WECHAT_OPENAPI: '1', SUBSCRIBE_TEMPLATE_COLOUR: 'a', SUBSCRIBE_TEMPLATE_APPEAL_REPLY: 'b' }))).toThrow('SUBSCRIBE_TEMPLATE_APPEAL_REQUEST');
    const env = { WECHAT_OPENAPI: '1', SUBSCRIBE_TEMPLATE_COLOUR: 'a', SUBSCRIBE_TEMPLATE_APPEAL_REPLY: 'b', SUBSCRIBE_TEMPLATE_APPEAL_REQUEST: 'c' };
    expect(notifierFor(readConfig(env))).not.toBe(recordingNotifier);
  });
});

/** A stand-in for wx-server-sdk's cloud.openapi that records each call and answers or throws like it. */
function fakeOpenApi(answer: { errCode?: number; image?: { contentType: string; buffer: Uint8Array } } = {}) {
  const calls: Array<[string, unknown]> = [];
  const openApi: OpenApi = {
    subscribeMessage: {
      async send(request) {
        calls.push(['subscribeMessage.send', request]);
        if (answer.errCode) throw Object.assign(new Error(`errCode: ${answer.errCode}`), { errCode: answer.errCode });
        return { errCode: 0 };
      },
    },
    wxacode: {
      async getUnlimited(request) {
        calls.push(['wxacode.getUnlimited', request]);
        return answer.image ?? { contentType: 'image/jpeg', buffer: new Uint8Array([0xff, 0xd8, 0xff]) };
      },
    },
  };
  return { openApi: async () => openApi, calls };
}

describe('the production sender and code maker, against a fake cloud.openapi', () => {
  const openid = openidFor('subscribe-unit');
  const at = new Date('2026-11-27T15:59:00Z');
  const longReply = '经核实，您当天的行程记录有误，已为您调整通行码颜色，请刷新后查看';

  test.each([
    ['colourChanged', colourChangedNotice(openid, 'green', 'red', '核酸检测结果为阳性', at), 'T-colour', 'pages/my-pass/index', '通行码由绿码变为红码', '核酸检测结果为阳性'],
    ['appealReceived', appealNotice(openid, 'appealReceived', '工作人员已开始处理', at), 'T-reply', 'pages/appeal/index', '您的申诉已受理', '工作人员已开始处理'],
    ['appealRequest', appealNotice(openid, 'appealRequest', '请上传车票', at), 'T-request', 'pages/appeal/index', '您的申诉需要补充材料', '请上传车票'],
    ['appealOutcome', appealNotice(openid, 'appealOutcome', longReply, at), 'T-reply', 'pages/appeal/index', '您的申诉已办结', '经核实，您当天的行程记录有误，已为您调…'],
  ])('%s maps to its template and data', async (_kind, notice, templateId, page, title, body) => {
    const { openApi, calls } = fakeOpenApi();
    const channel = await subscriptionNotifier(openApiMessageSender(openApi, 'trial'), TEMPLATES).deliver(notice);
    expect(channel).toBe('wechat');
    expect(calls).toEqual([
      [
        'subscribeMessage.send',
        {
          touser: openid,
          templateId,
          page,
          // Values of `thing` keywords are at most 20 characters; time in China.
          data: { thing1: { value: title }, thing2: { value: body }, time3: { value: '2026-11-27 23:59' } },
          miniprogramState: 'trial',
          lang: 'zh_CN',
        },
      ],
    ]);
  });

  test('43101 (no subscription) is an outcome; any other error is thrown for a retry', async () => {
    const message = { touser: openid, templateId: 'T-request', page: 'pages/appeal/index', data: {} };
    expect(await openApiMessageSender(fakeOpenApi({ errCode: 43101 }).openApi, 'release').send(message)).toBe('unsubscribed');
    await expect(openApiMessageSender(fakeOpenApi({ errCode: 45009 }).openApi, 'release').send(message)).rejects.toMatchObject({ errCode: 45009 });
  });

  test('getUnlimited is asked for the scene and page, and its image comes back; a scene WeChat refuses is never sent', async () => {
    const png = { contentType: 'image/png', buffer: new Uint8Array([0x89, 0x50]) };
    const { openApi, calls } = fakeOpenApi({ image: png });
    const maker = openApiCodeMaker(openApi, 'release');
    expect(await maker.make({ scene: 'aB3_-x', page: 'pages/code/index', width: 1280 })).toEqual({ kind: 'image', format: 'png', bytes: png.buffer });
    expect(calls).toEqual([['wxacode.getUnlimited', { scene: 'aB3_-x', page: 'pages/code/index', width: 1280, checkPath: true, envVersion: 'release' }]]);
    for (const scene of ['', 'x'.repeat(33), '场所', 'a b', 'a%20b']) {
      await expect(maker.make({ scene, page: 'pages/code/index', width: 1280 })).rejects.toThrow(RangeError);
      await expect(localCodeMaker('https://txm.example.cn/v/').make({ scene, page: 'pages/code/index', width: 1280 })).rejects.toThrow(RangeError);
    }
    expect(calls).toHaveLength(1);
  });
});
