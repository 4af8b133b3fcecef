import { askToSubscribe } from '../subscribe';

const TEMPLATES = { colourChanged: 'T-colour', appealReply: 'T-reply', appealRequest: 'T-request' };

/** A fake wx.requestSubscribeMessage answering `answer` (or failing with it), recording the ids asked for. */
function fakeRequest(answer: Record<string, string> | Error) {
  const request = jest.fn(async ({ tmplIds }: { tmplIds: string[] }) => {
    if (answer instanceof Error) throw answer;
    return { errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(tmplIds.map((id) => [id, answer[id] ?? 'reject'])) };
  });
  (globalThis as unknown as { wx: Record<string, unknown> }).wx = { requestSubscribeMessage: request };
  return request;
}

describe('askToSubscribe', () => {
  test('applying asks for colour changes; an appeal for replies, requests and colour changes; answers what was accepted', async () => {
    const request = fakeRequest({ 'T-colour': 'accept', 'T-reply': 'accept', 'T-request': 'reject' });
    await expect(askToSubscribe('pass', TEMPLATES)).resolves.toEqual(['T-colour']);
    await expect(askToSubscribe('appeal', TEMPLATES)).resolves.toEqual(['T-reply', 'T-colour']);
    expect(request.mock.calls.map(([option]) => option.tmplIds)).toEqual([['T-colour'], ['T-reply', 'T-request', 'T-colour']]);
  });

  test('asks nothing while the templates are not configured', async () => {
    const request = fakeRequest({});
    await expect(askToSubscribe('appeal', { colourChanged: '', appealReply: '', appealRequest: '' })).resolves.toEqual([]);
    await expect(askToSubscribe('pass')).resolves.toEqual([]);
    expect(request).not.toHaveBeenCalled();
  });

  test('a failure or a base library without the API means no messages, never an error', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    fakeRequest(Object.assign(new Error('requestSubscribeMessage:fail can only be invoked by user TAP gesture.'), { errCode: 20004 }));
    await expect(askToSubscribe('pass', TEMPLATES)).resolves.toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    (globalThis as unknown as { wx: Record<string, unknown> }).wx = {};
    await expect(askToSubscribe('pass', TEMPLATES)).resolves.toEqual([]);
    warn.mockRestore();
  });
});
