import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SCHEMA } from '../cloudfunctions/shared/schema';
import { runDeploy, type DeployIo } from '../scripts/deploy';
import { ROOT } from '../scripts/lib/cloudbaserc';
import { generateLocalSecrets } from '../scripts/lib/local-secrets';
import { STORAGE_RULE } from '../scripts/lib/setup-plan';
import { runSetup, type SetupIo } from '../scripts/setup-cloud';

/** The dry runs of `npm run deploy` and `npm run setup:cloud`, read back and held against cloudbaserc.json and schema.ts. */

const RC = JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8')) as { functionRoot: string; functions: Array<{ name: string; envVariables: Record<string, string> }> };
const VALUES: Record<string, string> = {
  ENV_ID: 'tongxing-test-7f3e',
  ADMIN_OPENIDS: 'oAdmin-deploy-test-0001,oAdmin-deploy-test-0002',
  CODE_URL_PREFIX: 'https://txm.example.cn/v/',
  CODE_LIFETIME_SECONDS: '180',
  CARD_LIFETIME_DAYS: '365',
  WECHAT_OPENAPI: '1',
  MINIPROGRAM_VERSION: 'release',
  SUBSCRIBE_TEMPLATE_COLOUR: 'tmpl-colour',
  SUBSCRIBE_TEMPLATE_APPEAL_REPLY: 'tmpl-appeal-reply',
  SUBSCRIBE_TEMPLATE_APPEAL_REQUEST: 'tmpl-appeal-request',
  FACE_VERIFICATION: 'wechat',
  WECHAT_APPID: 'wx0123456789abcdef',
  WECHAT_APPSECRET: 'f00dfacecafe0123456789abcdef0123',
  ...generateLocalSecrets(),
};
const SECRET_NAMES = ['ID_HASH_KEY', 'ID_ENCRYPTION_KEYS', 'TOKEN_SIGNING_KEYS', 'FEED_PARTNERS', 'ADMIN_OPENIDS', 'WECHAT_APPSECRET'];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxing-deploy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function envFile(values: Record<string, string>): string {
  const file = path.join(dir, `env-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, Object.entries(values).map(([name, value]) => `${name}=${value}`).join('\n'));
  return file;
}

function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const output: string[] = [];
  const io = {
    build: jest.fn(async () => undefined),
    connect: jest.fn(() => {
      throw new Error('a dry run or a refusal never connects');
    }),
    log: (text: string) => output.push(text),
    env,
  };
  return { io: io as unknown as DeployIo & SetupIo, output, build: io.build, connect: io.connect };
}

/** The `functions.createFunction({...})` blocks of the dry run, parsed back. */
function deployCalls(text: string): Array<{ func: Record<string, unknown> & { name: string }; functionRootPath: string; force: boolean }> {
  return Array.from(text.matchAll(/^functions\.createFunction\((\{[\s\S]*?^\})\)$/gm), (match) => JSON.parse(match[1]));
}

describe('npm run deploy -- --dry-run', () => {
  test('builds, then plans one call per function of cloudbaserc.json: every field as written, env variables by name only, the feed path', async () => {
    const { io, output, build, connect } = fakeIo();
    expect(await runDeploy(['--dry-run', '--env-file', envFile(VALUES)], io)).toBe(0);
    expect(build).toHaveBeenCalledTimes(1);
    expect(connect).not.toHaveBeenCalled();
    const text = output.join('\n');
    expect(text).toContain(`CloudBase environment: ${VALUES.ENV_ID}`);
    expect(deployCalls(text)).toEqual(
      RC.functions.map((entry) => ({
        func: {
          triggers: [],
          ...entry,
          envVariables: Object.fromEntries(Object.keys(entry.envVariables).map((name) => [name, `<${name}>`])),
          ...(entry.name === 'feed' ? { path: '/feed' } : {}),
        },
        functionRootPath: path.resolve(ROOT, RC.functionRoot),
        force: true,
      })),
    );
    expect(deployCalls(text).find((call) => call.func.name === 'cron')?.func.triggers).toEqual([{ name: 'sweep', type: 'timer', config: '0 */5 * * * * *' }]);
  });

  test('no secret value, nor any key inside one, appears in the output', async () => {
    const { io, output } = fakeIo();
    await runDeploy(['--dry-run', '--env-file', envFile(VALUES)], io);
    const text = output.join('\n');
    for (const name of SECRET_NAMES) {
      expect(text).not.toContain(VALUES[name]);
      // The key material inside JSON and list values too (private keys, partner secrets, AES keys).
      for (const part of VALUES[name].match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? []) expect(text).not.toContain(part);
    }
  });

  test('all missing values are named together, before anything is built', async () => {
    const { ID_HASH_KEY: _hash, FEED_PARTNERS: _partners, CARD_LIFETIME_DAYS: _days, ...rest } = VALUES;
    const { io, output, build } = fakeIo();
    expect(await runDeploy(['--dry-run', '--env-file', envFile(rest)], io)).toBe(2);
    expect(output.join('\n')).toBe('cannot deploy:\n  - no value for ID_HASH_KEY, CARD_LIFETIME_DAYS, FEED_PARTNERS in the env file');
    expect(build).not.toHaveBeenCalled();
  });

  test('--only deploys the named functions and asks only for their values', async () => {
    const { FEED_PARTNERS: _partners, ...rest } = VALUES;
    const { io, output } = fakeIo();
    expect(await runDeploy(['--dry-run', '--only', 'resident,guard', '--env-file', envFile(rest)], io)).toBe(0);
    expect(deployCalls(output.join('\n')).map((call) => call.func.name)).toEqual(['resident', 'guard']);
  });

  test('--env reads .env.<envId> beside cloudbaserc.json; a different ENV_ID in the file is refused', async () => {
    const { io, output } = fakeIo();
    expect(await runDeploy(['--dry-run', '--env', 'other-env', '--env-file', envFile(VALUES)], io)).toBe(2);
    expect(output.join('\n')).toContain(`--env other-env but the env file says ENV_ID=${VALUES.ENV_ID}`);
    const missing = fakeIo();
    expect(await runDeploy(['--dry-run', '--env', 'no-such-env-9z'], missing.io)).toBe(2);
    expect(missing.output.join('\n')).toContain(`env file ${path.join(ROOT, '.env.no-such-env-9z')} does not exist`);
  });

  test('without credentials a real deploy refuses and says how to log in, before building', async () => {
    const { io, output, build } = fakeIo({});
    expect(await runDeploy(['--env-file', envFile(VALUES)], io)).toBe(2);
    expect(output.join('\n')).toMatch(/TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY[\s\S]*tcb login --apiKeyId/);
    expect(build).not.toHaveBeenCalled();
  });
});

/** A CloudBase environment as far as setup touches it. */
function fakeCloud() {
  const collections = new Map<string, Array<{ Name: string; Keys: Array<{ Name: string; Direction: string }>; Unique: boolean }>>();
  const writes: string[] = [];
  const manager = {
    database: {
      createCollectionIfNotExists: async (name: string) => {
        const IsCreated = !collections.has(name);
        if (IsCreated) {
          collections.set(name, []);
          writes.push(`create ${name}`);
        }
        return { IsCreated };
      },
      describeCollection: async (name: string) => ({ Indexes: collections.get(name) }),
      updateCollection: async (name: string, { CreateIndexes }: { CreateIndexes: Array<{ IndexName: string; MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: string }>; MgoIsUnique: boolean } }> }) => {
        for (const index of CreateIndexes) {
          collections.get(name)?.push({ Name: index.IndexName, Keys: index.MgoKeySchema.MgoIndexKeys, Unique: index.MgoKeySchema.MgoIsUnique });
          writes.push(`index ${name}.${index.IndexName}`);
        }
      },
    },
    commonService: () => ({ call: async ({ Param }: { Param: { CollectionName: string; AclTag: string } }) => writes.push(`rule ${Param.CollectionName} ${Param.AclTag}`) }),
    storage: { setStorageAcl: async (acl: string) => writes.push(`storage ${acl}`) },
  };
  return { collections, writes, manager };
}

describe('npm run setup:cloud', () => {
  test('the dry run plans every collection of schema.ts, each index with its keys, directions and uniqueness, each rule, and the storage rule', async () => {
    const { io, output, connect } = fakeIo();
    expect(await runSetup(['--dry-run', '--env', 'tongxing-test-7f3e'], io)).toBe(0);
    expect(connect).not.toHaveBeenCalled();
    const lines = output.join('\n').split('\n').filter((line) => /^[\w.]+\(/.test(line));
    const calls = lines.map((line) => ({ method: line.slice(0, line.indexOf('(')), args: JSON.parse(`[${line.slice(line.indexOf('(') + 1, -1)}]`) as unknown[] }));
    const expected = SCHEMA.collections.flatMap((collection) => [
      { method: 'database.createCollectionIfNotExists', args: [collection.name] },
      ...(collection.indexes.length === 0
        ? []
        : [
            {
              method: 'database.updateCollection',
              args: [
                collection.name,
                {
                  CreateIndexes: collection.indexes.map((index) => ({
                    IndexName: index.name,
                    MgoKeySchema: { MgoIndexKeys: index.keys.map((key) => ({ Name: key.field, Direction: String(key.direction) })), MgoIsUnique: index.unique },
                  })),
                },
              ],
            },
          ]),
      { method: 'commonService.call', args: [{ Action: 'ModifySafeRule', Param: { EnvId: 'tongxing-test-7f3e', CollectionName: collection.name, AclTag: 'ADMINONLY' } }] },
    ]);
    expect(calls).toEqual([...expected, { method: 'storage.setStorageAcl', args: ['CUSTOM', STORAGE_RULE] }]);
    // The schema has both kinds of index, compound keys and dotted paths: the comparison above covers each.
    expect(SCHEMA.collections.some((collection) => collection.indexes.some((index) => index.unique))).toBe(true);
    expect(SCHEMA.collections.some((collection) => collection.indexes.some((index) => index.keys.some((key) => key.field.includes('.'))))).toBe(true);
  });

  test('a real run creates what is missing; a second run creates nothing; a differing index is reported, not dropped', async () => {
    const cloud = fakeCloud();
    const run = async () => {
      const { io, output } = fakeIo({ TENCENTCLOUD_SECRETID: 'id', TENCENTCLOUD_SECRETKEY: 'key' });
      (io as { connect: unknown }).connect = () => cloud.manager;
      return { code: await runSetup(['--env', 'tongxing-test-7f3e'], io), output: output.join('\n') };
    };
    expect((await run()).code).toBe(0);
    const indexCount = SCHEMA.collections.reduce((sum, collection) => sum + collection.indexes.length, 0);
    expect(cloud.writes.filter((write) => write.startsWith('create '))).toHaveLength(SCHEMA.collections.length);
    expect(cloud.writes.filter((write) => write.startsWith('index '))).toHaveLength(indexCount);

    cloud.writes.length = 0;
    expect((await run()).code).toBe(0);
    expect(cloud.writes.filter((write) => !write.startsWith('rule ') && !write.startsWith('storage '))).toEqual([]);

    const passes = cloud.collections.get('passes') ?? [];
    passes[0] = { ...passes[0], Unique: false };
    const again = await run();
    expect(again.code).toBe(1);
    expect(again.output).toContain('passes: index person_unique exists with other keys or uniqueness');
  });

  test('without credentials a real run refuses and says how to log in', async () => {
    const { io, output } = fakeIo({});
    expect(await runSetup(['--env', 'tongxing-test-7f3e'], io)).toBe(2);
    expect(output.join('\n')).toContain('TENCENTCLOUD_SECRETID');
  });
});
