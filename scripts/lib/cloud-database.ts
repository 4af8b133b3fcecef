import tcb from '@cloudbase/node-sdk';
import { InvalidArgumentError, type Command } from 'commander';
import type { Database } from '../../cloudfunctions/shared/cloudbase';
import { ID_SEAL_PURPOSE, type PassDocument } from '../../cloudfunctions/shared/domain/pass';
import { IdDecryptionError, type IdProtector } from '../../cloudfunctions/shared/privacy';
import { COLLECTIONS } from '../../cloudfunctions/shared/schema';
import { EXIT } from './cli';
import { hasCredentials } from './cloud-target';

/**
 * Commands that act on a deployed CloudBase environment (`npm run import:legacy -- --env …`, `npm run
 * report:appeals -- --env …`) run the functions' shared code in their own process, on the environment's
 * database through @cloudbase/node-sdk with the operator's CAM key, like deploy and setup:cloud log in.
 *
 * Why not call the deployed staff function (the SDK's callFunction): a function takes its caller only from
 * the platform context (WX_OPENID), which a call made with a CAM key does not carry, so the function could
 * neither authorize nor audit it. Whoever holds the CAM key can write the database anyway; the command asks
 * them to name themselves (`--operator`) and records that name as the actor.
 *
 * The SDK reads the rest of its setup from the environment as it does in a function: TENCENTCLOUD_REGION
 * (the environment's region; without it, the default endpoint), and TCB_CONTEXT_CNFG, TENCENTCLOUD=true
 * and dummy keys, with which the tests point the very same code at the local emulator (emulator/sdk-env.ts).
 */

const CLOUD_LOGIN_HELP = [
  '未提供腾讯云 API 密钥：请先设置环境变量 TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY（临时密钥另加 TENCENTCLOUD_SESSIONTOKEN），',
  '用可管理该云开发环境的账号的 API 密钥（访问管理 CAM → API密钥管理），与 npm run deploy 相同。',
].join('\n');

/**
 * The environment's database as its administrator (the CAM key's account); security rules do not apply.
 * Without credentials the SDK would crash the process with an unhandled rejection instead of failing the call
 * (notes/cloudbase-node-sdk.md): then CLOUD_LOGIN_HELP goes to stderr and the answer is the usage exit code.
 */
export function connectDatabase(envId: string, env: NodeJS.ProcessEnv = process.env): Database | number {
  if (!hasCredentials(env)) {
    console.error(CLOUD_LOGIN_HELP);
    return EXIT.usage;
  }
  const app = tcb.init({
    env: envId,
    secretId: env.TENCENTCLOUD_SECRETID,
    secretKey: env.TENCENTCLOUD_SECRETKEY,
    ...(env.TENCENTCLOUD_SESSIONTOKEN && { sessionToken: env.TENCENTCLOUD_SESSIONTOKEN }),
  });
  return app.database();
}

/**
 * Refuses `--env`/`--env-file` together with a local-runtime option given on the command line (defaults do
 * not count), through commander so that the refusal looks like any other usage error (exit 2).
 */
export function refuseMixedTargets(program: Command, cloud: readonly string[], local: readonly string[]): void {
  const given = (names: readonly string[]) => names.filter((name) => program.getOptionValueSource(name) === 'cli').map(flagOf);
  const [cloudGiven, localGiven] = [given(cloud), given(local)];
  if (cloudGiven.length > 0 && localGiven.length > 0) {
    program.error(
      `error: ${cloudGiven.join('、')} 用于已部署的云开发环境，${localGiven.join('、')} 用于本地运行时（npm start），不能同时使用：请只选一种`,
    );
  }
}

const OPERATOR_MAX = 40;
const INVISIBLE_CHARACTER = /[\p{Cc}\p{Cf}]/u;

/** For commander: who runs a command on a deployed environment, as the audit log will name them. */
export function operatorName(value: string): string {
  const name = value.trim();
  if (name === '' || [...name].length > OPERATOR_MAX || INVISIBLE_CHARACTER.test(name)) {
    throw new InvalidArgumentError(`应为操作人的姓名或工号（1 到 ${OPERATOR_MAX} 个字符，不含换行等不可见字符）`);
  }
  return name;
}

/** `envFile` → `--env-file`. */
export function flagOf(optionName: string): string {
  return `--${optionName.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * Whether the env file's ID-number keys are the environment's own, read before anything is written: one
 * stored pass is unsealed with ID_ENCRYPTION_KEYS and its ID number hashed with ID_HASH_KEY, which must give
 * the pass's person key. Keys of another environment (or a mistyped one) would otherwise create a second
 * person for everyone imported, whose old pass they would never find. Answers the problem, or null when the
 * keys fit or the environment holds no pass yet. The ID number is neither kept nor shown.
 */
export async function idKeysProblem(db: Database, protector: IdProtector): Promise<string | null> {
  const { data } = await db.collection(COLLECTIONS.passes).field({ personKey: true, idSealed: true }).limit(1).get();
  const pass = (data as Array<Pick<PassDocument, 'personKey' | 'idSealed'>>)[0];
  if (!pass) return null;
  let idNumber: string;
  try {
    idNumber = protector.decrypt(pass.idSealed, ID_SEAL_PURPOSE);
  } catch (error) {
    if (!(error instanceof IdDecryptionError)) throw error;
    return `环境文件中的 ID_ENCRYPTION_KEYS 打不开该环境已存的身份证号码（${error.reason}）：这不是该环境的密钥，或缺少仍在使用的旧密钥`;
  }
  if (protector.hash(idNumber) !== pass.personKey) {
    return '环境文件中的 ID_HASH_KEY 不是该环境的密钥：用它转入会为每个人另建一份记录，本人申领时将找不到旧通行证';
  }
  return null;
}
