/**
 * A fake wx.cloud for tests. miniprogram-simulate stubs most of wx but not wx.cloud, and the cloud is the
 * WeChat platform boundary, so faking it here is fair; end-to-end tests run the real functions.
 */
import type {
  ActionName,
  ErrorCode,
  Failure,
  FunctionName,
  ParamsOf,
  Result,
  ResultOf,
  Success,
} from '../../typings/contract';

export interface FakeWxCloud {
  init: jest.Mock<void, [ICloudConfig?]>;
  callFunction: jest.Mock<Promise<ICloud.CallFunctionResult>, [ICloud.CallFunctionParam]>;
}

/** The global wx as tests may reshape it: miniprogram-simulate's stub when loaded, otherwise none yet. */
function globalScope(): { wx?: Record<string, unknown> } {
  return globalThis as unknown as { wx?: Record<string, unknown> };
}

/** Puts a fresh fake wx.cloud on the global wx, creating wx when miniprogram-simulate has not been loaded. */
export function installWxCloud(): FakeWxCloud {
  const cloud: FakeWxCloud = { init: jest.fn(), callFunction: jest.fn() };
  const scope = globalScope();
  scope.wx = Object.assign(scope.wx ?? {}, { cloud });
  return cloud;
}

/** Takes wx.cloud away, as on a base library older than 2.2.3. */
export function removeWxCloud(): void {
  delete globalScope().wx?.cloud;
}

/** What wx.cloud.callFunction resolves with when the function returned `result`. */
export function answered(result: Result<unknown>): ICloud.CallFunctionResult {
  return { errMsg: 'cloud.callFunction:ok', result };
}

/** A promise the test settles when it chooses, to observe a page while a call is in flight. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/** "function.action", e.g. "resident.apply": the key of the fake's answer table. */
export type ActionKey = { [F in FunctionName]: `${F}.${ActionName<F>}` }[FunctionName];

type ParamsFor<K extends ActionKey> = K extends `${infer F extends FunctionName}.${infer A}`
  ? A extends ActionName<F>
    ? ParamsOf<F, A>
    : never
  : never;

type ResultFor<K extends ActionKey> = K extends `${infer F extends FunctionName}.${infer A}`
  ? A extends ActionName<F>
    ? Result<ResultOf<F, A>>
    : never
  : never;

/** A fixed answer, or one computed from the params sent (a promise lets a test hold the call in flight). */
export type Answer<K extends ActionKey> = ResultFor<K> | ((params: ParamsFor<K>) => ResultFor<K> | Promise<ResultFor<K>>);

export type AnswerTable = { [K in ActionKey]?: Answer<K> };

export interface FakeFunctions {
  cloud: FakeWxCloud;
  /** Sets answers for some actions, keeping the others: later answers win. */
  answer(table: AnswerTable): void;
  /** The params of every call made to one action, in order, without the action name. */
  sent<K extends ActionKey>(key: K): ParamsFor<K>[];
}

/**
 * A fake wx.cloud whose callFunction answers from a table keyed by "function.action". An action the test did
 * not answer gets UNKNOWN_ACTION with a message naming it, so a missing answer shows on the page under test.
 */
export function fakeFunctions(table: AnswerTable = {}): FakeFunctions {
  const cloud = installWxCloud();
  const answers: AnswerTable = { ...table };
  cloud.callFunction.mockImplementation(async ({ name, data }) => {
    const key = `${name}.${data?.action}`;
    // The table is typed per key; here the key is only known at run time.
    const entry = answers[key as ActionKey] as Result<unknown> | ((params: unknown) => Result<unknown> | Promise<Result<unknown>>) | undefined;
    if (entry === undefined) return answered(refused('UNKNOWN_ACTION', `测试没有回答 ${key}`));
    return answered(typeof entry === 'function' ? await entry(withoutAction(data)) : entry);
  });
  return {
    cloud,
    answer: (more) => Object.assign(answers, more),
    sent: <K extends ActionKey>(key: K) =>
      cloud.callFunction.mock.calls
        .filter(([{ name, data }]) => `${name}.${data?.action}` === key)
        .map(([{ data }]) => withoutAction(data) as ParamsFor<K>),
  };
}

function withoutAction(data: WechatMiniprogram.IAnyObject = {}): WechatMiniprogram.IAnyObject {
  const { action: _action, ...params } = data;
  return params;
}

export function ok<T>(data: T): Success<T> {
  return { ok: true, data };
}

/** A refusal as a function sends it; an empty message stands for a server that sent none. */
export function refused(code: ErrorCode, message = '', detail?: string): Failure {
  return detail === undefined ? { ok: false, code, message } : { ok: false, code, message, detail };
}
