import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { FEED_SOURCES, type FeedSource } from '../cloudfunctions/shared/domain/feed-auth';
import { MAX_BATCH_RECORDS, MAX_FEED_BODY_BYTES } from '../cloudfunctions/shared/domain/feed-records';
import { EXIT, httpUrl, InputFileError, integerUpTo, parseCommandLine, readInputFile, reportRun, runAsScript } from './lib/cli';
import { ROOT } from './lib/cloudbaserc';
import { httpFeedClient, secretFromSecretsFile } from './lib/feed-client';
import { formatOfFile, readFeedCsv, readFeedJsonLines, type FeedFile } from './lib/feed-file';
import { formatFeedSummary, runFeed } from './lib/feed-push';
import { DEMO_PARTNERS } from './lib/local-secrets';

/**
 * `npm run feed -- --source travel --file arrivals.csv [--url …] [--path …] [--key-id …] [--secret-file …] [--batch …]`:
 * pushes a partner system's records (CSV or JSON lines) to the feed function, signed, in batches of at most
 * --batch records and MAX_FEED_BODY_BYTES of JSON (CloudBase refuses a text body past 100 KB); a record too
 * large to go even alone is reported as rejected and not sent. Running it again changes nothing: records are
 * idempotent by record id and version.
 * Exit codes: 0 the run completed (rejected records included), 1 the file or the service failed, 2 usage.
 */

/** The local runtime serves CloudBase's HTTP access under /http (`npm start`). */
const DEFAULT_URL = 'http://127.0.0.1:8787/http';
const DEFAULT_PATH = '/feed/records';
const DEFAULT_BATCH = 500;
/** Written by `npm start`; holds the demo partners' secrets. */
const LOCAL_SECRETS_FILE = path.join(ROOT, '.cloud', 'secrets.env');
const BASE64_SECRET = z.base64().refine((value) => Buffer.from(value, 'base64').length >= 32);

interface Options {
  source: FeedSource;
  file: string;
  url: string;
  path: string;
  keyId?: string;
  secretFile?: string;
  batch: number;
}

function routePath(value: string): string {
  if (!/^\/[A-Za-z0-9/_.-]*$/.test(value)) throw new InvalidArgumentError('应为以 / 开头的路径，例如 /feed/records');
  return value;
}

function parseArguments(argv: readonly string[]): Options & { keyId: string } {
  const program: Command = new Command()
    .name('npm run feed --')
    .description('把合作方系统的记录（卫生健康、身份、出行）签名后分批推送到 feed 函数；重复推送不会重复记录。')
    .addOption(new Option('--source <source>', '记录来源').choices(FEED_SOURCES).makeOptionMandatory())
    .requiredOption('--file <file>', 'CSV 文件（带表头，列见 samples/README.md）或 .jsonl 文件（每行一个记录对象）')
    .option('--url <url>', 'HTTP 访问服务的地址：本地运行时或 https://<环境ID>.service.tcloudbase.com', httpUrl, DEFAULT_URL)
    .option('--path <path>', 'feed 函数接收记录的路径（参与签名）', routePath, DEFAULT_PATH)
    .option('--key-id <id>', '合作方密钥编号（本地默认为该来源的演示合作方）')
    .option('--secret-file <file>', `含 FEED_PARTNERS 的密钥文件（默认先看环境变量 FEED_SECRET，再看 ${path.relative(ROOT, LOCAL_SECRETS_FILE)}）`)
    .option('--batch <size>', `每次请求最多的记录数（1 到 ${MAX_BATCH_RECORDS}）；每次请求的正文另限 ${MAX_FEED_BODY_BYTES} 字节，带照片的记录会分成更小的批次`, integerUpTo(MAX_BATCH_RECORDS), DEFAULT_BATCH)
    .showHelpAfterError('（用 --help 查看用法）')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const options = program.opts<Options>();
  if (!formatOfFile(options.file)) program.error(`error: --file 应为 .csv 或 .jsonl 文件：${options.file}`, { exitCode: EXIT.usage });
  const keyId = options.keyId ?? DEMO_PARTNERS.find((partner) => (partner.sources as readonly FeedSource[]).includes(options.source))?.keyId;
  if (!keyId) program.error(`error: 请用 --key-id 指定推送 ${options.source} 记录的密钥编号`, { exitCode: EXIT.usage });
  return { ...options, keyId };
}

/** FEED_SECRET when set and no file is named (a partner's deployment), else the secrets file. */
function secretOf(options: Options & { keyId: string }): Buffer {
  const fromEnvironment = process.env.FEED_SECRET;
  if (options.secretFile === undefined && fromEnvironment) {
    if (!BASE64_SECRET.safeParse(fromEnvironment).success) throw new InputFileError('环境变量 FEED_SECRET 应为至少 32 字节密钥的 base64');
    return Buffer.from(fromEnvironment, 'base64');
  }
  const file = options.secretFile ?? LOCAL_SECRETS_FILE;
  const bytes = readInputFile(file);
  try {
    return secretFromSecretsFile(bytes.toString('utf8'), options.keyId);
  } catch (error) {
    throw new InputFileError(`密钥文件 ${path.resolve(file)} 不可用：${error instanceof Error ? error.message : String(error)}`);
  }
}

function readFeedFile(options: Options): FeedFile {
  const bytes = readInputFile(options.file);
  if (formatOfFile(options.file) === 'jsonl') return readFeedJsonLines(bytes);
  // Photo files are named relative to the CSV file, so that a folder of both can be moved together.
  const folder = path.dirname(path.resolve(options.file));
  return readFeedCsv(bytes, options.source, (photo) => readInputFile(path.resolve(folder, photo)));
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseCommandLine(() => parseArguments(argv));
  if (typeof options === 'number') return options;

  let file: FeedFile;
  let secret: Buffer;
  try {
    file = readFeedFile(options);
    secret = secretOf(options);
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    console.error(error.message);
    return EXIT.failed;
  }

  const client = httpFeedClient({ url: options.url, path: options.path, keyId: options.keyId, secret });
  return reportRun((onProgress) => runFeed(file, client, options.source, options.batch, onProgress), formatFeedSummary, {
    verb: '推送',
    unit: '条',
    interrupted: '推送中断',
    rerun: '重新运行同一命令是安全的：已接受的记录会显示为“重复”。',
  });
}

if (require.main === module) runAsScript(main);
