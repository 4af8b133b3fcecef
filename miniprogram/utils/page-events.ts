/**
 * Handlers that pages share as methods (`methods: { onEntryTap: openEntry }`), so every page reads its inputs
 * and follows its links the same way.
 */
type AnyObject = WechatMiniprogram.IAnyObject;

/** A tap on an element carrying data-* attributes. */
export type TapWith<Dataset extends AnyObject> = WechatMiniprogram.TouchEvent<AnyObject, AnyObject, Dataset>;

/** An input that names its data field in data-field. */
export type FieldInput = WechatMiniprogram.Input<AnyObject, { field: string }>;

/** Opens the page named in the tapped element's data-url. */
export function openEntry(event: TapWith<{ url: string }>): void {
  void wx.navigateTo({ url: event.currentTarget.dataset.url });
}

/**
 * The setData patch for an input that names its data field in data-field: the value, and an emptied
 * `<field>Error` where the page has one, since a person who retypes has read the message.
 */
export function inputPatch(event: FieldInput, data: object): Record<string, string> {
  const { field } = event.currentTarget.dataset;
  const error = `${field}Error`;
  return error in data ? { [field]: event.detail.value, [error]: '' } : { [field]: event.detail.value };
}
