import { SUBSCRIBE_TEMPLATES } from '../config';

type Templates = typeof SUBSCRIBE_TEMPLATES;

/** What a resident is asked to be told about: their pass's colour, or an appeal they submitted (and its colour). */
const TOPICS = {
  pass: ['colourChanged'],
  appeal: ['appealReply', 'appealRequest', 'colourChanged'],
} as const satisfies Record<string, ReadonlyArray<keyof Templates>>;

export type SubscriptionTopic = keyof typeof TOPICS;

/**
 * Asks the resident to consent to the topic's subscription messages (wx.requestSubscribeMessage); answers the
 * template ids accepted. WeChat shows the dialog only in the call chain of a tap, so pages call this from the
 * tap that applies or submits, before the cloud call. It never fails: a refusal, an old base library or
 * unconfigured templates only mean no messages, and the pages show the same news.
 */
export async function askToSubscribe(topic: SubscriptionTopic, templates: Templates = SUBSCRIBE_TEMPLATES): Promise<string[]> {
  const tmplIds = TOPICS[topic].map((name) => templates[name]).filter((id) => id !== '');
  if (tmplIds.length === 0 || typeof wx.requestSubscribeMessage !== 'function') return [];
  try {
    const answer = await wx.requestSubscribeMessage({ tmplIds });
    return tmplIds.filter((id) => answer[id] === 'accept');
  } catch (error) {
    console.warn('requestSubscribeMessage failed', error);
    return [];
  }
}
