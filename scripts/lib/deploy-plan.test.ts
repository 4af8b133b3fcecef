import { generateLocalSecrets } from './local-secrets';
import { DeployConfigError, describeDeploy, parseRcFile, planDeploy, type DeployInput } from './deploy-plan';

const rc = parseRcFile({
  envId: '{{env.ENV_ID}}',
  functionRoot: './build/functions',
  functions: [
    { name: 'resident', handler: 'index.main', runtime: 'Nodejs20.19', timeout: 5, memorySize: 256, ignore: ['*.map'], envVariables: { ID_HASH_KEY: '{{env.ID_HASH_KEY}}', ID_ENCRYPTION_KEYS: '{{env.ID_ENCRYPTION_KEYS}}', MODE: 'prod' } },
    { name: 'feed', handler: 'index.main', runtime: 'Nodejs20.19', timeout: 30, memorySize: 512, envVariables: { FEED_PARTNERS: '{{ env.FEED_PARTNERS }}' } },
    {
      name: 'cron', handler: 'index.main', runtime: 'Nodejs20.19', timeout: 60, memorySize: 512,
      envVariables: { TOKEN_SIGNING_KEYS: '{{env.TOKEN_SIGNING_KEYS}}' },
      triggers: [{ name: 'sweep', type: 'timer', config: '0 */5 * * * * *' }],
    },
  ],
});
const secrets = generateLocalSecrets();
const values: Record<string, string> = { ENV_ID: 'tongxing-prod-1a2b', ...secrets };
const input = (changes: Partial<DeployInput> = {}): DeployInput => ({ rc, functionRootPath: '/repo/build/functions', values, only: [], httpPaths: { feed: '/feed' }, ...changes });

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DeployConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a DeployConfigError');
}

test('each function is one createFunction call: its entry as written, placeholders filled, the HTTP path added, forced', () => {
  const plan = planDeploy(input());
  expect(plan.envId).toBe('tongxing-prod-1a2b');
  expect(plan.calls.map((call) => call.method)).toEqual(['functions.createFunction', 'functions.createFunction', 'functions.createFunction']);
  expect(plan.calls[0].args).toEqual({
    func: { name: 'resident', handler: 'index.main', runtime: 'Nodejs20.19', timeout: 5, memorySize: 256, ignore: ['*.map'], triggers: [], envVariables: { ID_HASH_KEY: secrets.ID_HASH_KEY, ID_ENCRYPTION_KEYS: secrets.ID_ENCRYPTION_KEYS, MODE: 'prod' } },
    functionRootPath: '/repo/build/functions',
    force: true,
  });
  expect(plan.calls[1].args.func).toMatchObject({ name: 'feed', path: '/feed', envVariables: { FEED_PARTNERS: secrets.FEED_PARTNERS } });
  expect(plan.calls[2].args.func.triggers).toEqual([{ name: 'sweep', type: 'timer', config: '0 */5 * * * * *' }]);
});

test('every missing or empty value is named in one refusal', () => {
  const { ID_HASH_KEY: _hash, FEED_PARTNERS: _partners, ...rest } = values;
  expect(problemsOf(() => planDeploy(input({ values: { ...rest, TOKEN_SIGNING_KEYS: '  ' } })))).toEqual(['no value for ID_HASH_KEY, FEED_PARTNERS, TOKEN_SIGNING_KEYS in the env file']);
  expect(problemsOf(() => planDeploy(input({ values: { ...values, ENV_ID: '' } })))).toEqual(['no value for ENV_ID in the env file']);
});

test('values are checked as the functions will read them, and the refusal never quotes them', () => {
  const badKeys = '{"keys":[{"kid":"0001","publicKey":"c2VjcmV0LXB1YmxpYy1rZXk="}]}';
  const problems = problemsOf(() => planDeploy(input({ values: { ...values, TOKEN_SIGNING_KEYS: badKeys, FEED_PARTNERS: '[{"keyId":"health-1","sources":["health"],"secret":"c2hvcnQ="}]' } })));
  expect(problems).toHaveLength(2);
  expect(problems[0]).toMatch(/^TOKEN_SIGNING_KEYS: token keys: key 0001 is not base64 DER/);
  expect(problems[1]).toMatch(/^FEED_PARTNERS: .*at least 32 bytes/);
  expect(problems.join('\n')).not.toMatch(/c2hvcnQ=|c2VjcmV0LXB1YmxpYy1rZXk=/);
});

test('--only deploys the named functions and needs only their values', () => {
  const { FEED_PARTNERS: _partners, TOKEN_SIGNING_KEYS: _keys, ...rest } = values;
  expect(planDeploy(input({ values: rest, only: ['resident'] })).calls.map((call) => call.args.func.name)).toEqual(['resident']);
  expect(problemsOf(() => planDeploy(input({ only: ['resident', 'guard'] })))).toEqual(['--only names functions not in cloudbaserc.json: guard (known: resident, feed, cron)']);
});

test('the description shows each variable by name and no value', () => {
  const text = describeDeploy(planDeploy(input()));
  expect(text).toContain('"ID_HASH_KEY": "<ID_HASH_KEY>"');
  expect(text).toContain('"MODE": "<MODE>"');
  for (const value of Object.values(secrets)) expect(text).not.toContain(value);
});

describe('face verification settings', () => {
  const withFace = parseRcFile({
    envId: '{{env.ENV_ID}}',
    functionRoot: './build/functions',
    functions: [
      {
        name: 'resident', handler: 'index.main', runtime: 'Nodejs20.19', timeout: 10, memorySize: 256,
        envVariables: { FACE_VERIFICATION: '{{env.FACE_VERIFICATION}}', WECHAT_APPID: '{{env.WECHAT_APPID}}', WECHAT_APPSECRET: '{{env.WECHAT_APPSECRET}}' },
      },
    ],
  });
  const plan = (face: Record<string, string>) => planDeploy(input({ rc: withFace, values: { ...values, ...face } }));

  test('off needs no AppID or AppSecret: they are deployed empty', () => {
    expect(plan({ FACE_VERIFICATION: 'off' }).calls[0].args.func.envVariables).toEqual({ FACE_VERIFICATION: 'off', WECHAT_APPID: '', WECHAT_APPSECRET: '' });
  });

  test('wechat without the AppSecret, or local (which approves every face), is refused before anything is deployed', () => {
    expect(problemsOf(() => plan({ FACE_VERIFICATION: 'wechat', WECHAT_APPID: 'wx0123456789abcdef' }))).toEqual([
      'FACE_VERIFICATION, WECHAT_APPID, WECHAT_APPSECRET: WECHAT_APPSECRET is not set: FACE_VERIFICATION=wechat gets its access token with it',
    ]);
    expect(problemsOf(() => plan({ FACE_VERIFICATION: 'local' }))[0]).toMatch(/local approves every application without a face scan/);
  });

  test('wechat with both is deployed with them', () => {
    const face = { FACE_VERIFICATION: 'wechat', WECHAT_APPID: 'wx0123456789abcdef', WECHAT_APPSECRET: 'secret-from-the-console' };
    expect(plan(face).calls[0].args.func.envVariables).toEqual(face);
  });
});
