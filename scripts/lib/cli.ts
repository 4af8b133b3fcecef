import fs from 'node:fs';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { CommanderError, InvalidArgumentError } from 'commander';
import { isNormalisedIdNumber } from '../../cloudfunctions/shared/domain/id-number';
import { maskIdNumber } from '../../cloudfunctions/shared/domain/masking';

/** What the command-line tools (`npm run import:legacy`, `npm run feed`) share: exit codes, input files, progress, reports. */

/** 0 the run completed (rejected rows included), 1 the file or the service failed, 2 the command was used wrongly. */
export const EXIT = { completed: 0, failed: 1, usage: 2 } as const;

/** The input file cannot be used at all; the message says why, in words the operator can act on. */
export class InputFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputFileError';
  }
}

/** A row refused before sending. `idNumber` is what the file says, kept only to be shown masked. */
export interface LocalRejection {
  line: number;
  idNumber: string;
  reason: string;
}

/** A refused row as a report shows it: the ID number masked, never in clear. */
export interface RejectedRow {
  line: number;
  idMasked: string;
  reason: string;
}

/** A refused row for a report, from what the file says. */
export function rejectedRow(line: number, idNumber: string, reason: string): RejectedRow {
  return { line, idMasked: maskForReport(idNumber), reason };
}

export function readInputFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EACCES' ? '没有读取权限' : code === 'EISDIR' ? '这是一个文件夹' : String(error);
    throw new InputFileError(`无法读取 ${path.resolve(file)}：${why}`);
  }
}

/** For commander: an http(s) address. */
export function httpUrl(value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new InvalidArgumentError('应为 http(s) 地址，例如 http://127.0.0.1:8787');
  return value;
}

/** For commander: an integer from 1 to `max`. */
export function integerUpTo(max: number): (value: string) => number {
  return (value) => {
    const size = Number(value);
    if (!Number.isInteger(size) || size < 1 || size > max) throw new InvalidArgumentError(`应为 1 到 ${max} 之间的整数`);
    return size;
  };
}

interface ProgressReporter {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A bar on a terminal; plain lines in a log or a pipe, where a redrawn bar would be noise.
 * `verb` names the work on the bar (转入), `unit` what is counted (行).
 */
function progressReporter(stream: NodeJS.WriteStream, verb: string, unit: string): ProgressReporter {
  if (stream.isTTY) {
    const bar = new SingleBar({ format: `${verb} [{bar}] {value}/{total} ${unit}`, stream, hideCursor: true }, Presets.shades_classic);
    let started = false;
    return {
      update(done, total) {
        if (!started) bar.start(total, done);
        else bar.update(done);
        started = true;
      },
      stop: () => bar.stop(),
    };
  }
  return { update: (done, total) => stream.write(`已处理 ${done}/${total} ${unit}\n`), stop: () => undefined };
}

/** For a report: the masked form where the file holds an ID-number-shaped text, else only its length. */
export function maskForReport(idNumber: string): string {
  const candidate = idNumber.trim().toUpperCase();
  if (candidate === '') return '（无号码）';
  return isNormalisedIdNumber(candidate) ? maskIdNumber(candidate) : '*'.repeat([...candidate].length);
}

/** Over-inclusive on purpose: inside a longer run of digits too (a number typed with one digit too many). */
const ID_NUMBER_SHAPED = /[0-9]{17}[0-9Xx]/g;

/** Masks every ID-number-shaped text in a message written by others (a parser quoting a cell, a service). */
export function withIdNumbersMasked(text: string): string {
  return text.replace(ID_NUMBER_SHAPED, (idNumber) => maskIdNumber(idNumber.toUpperCase()));
}

/** The lines listing refused rows: line, masked ID number, reason. */
export function rejectedRowLines(rows: readonly RejectedRow[]): string[] {
  return rows.map((row) => `  第 ${row.line} 行  ${row.idMasked}  ${withIdNumbersMasked(row.reason)}`);
}

/** A run of batches stopped by a failing batch (refused, or the service unreachable): `summary` is what the batches before it did. */
export class RunInterrupted<S> extends Error {
  constructor(
    cause: Error,
    readonly summary: S,
  ) {
    super(cause.message, { cause });
    this.name = 'RunInterrupted';
  }
}

/**
 * Sends batches one after another (the functions already handle a batch's items concurrently), telling
 * `onProgress` the number of items answered so far. A failing batch stops the run with RunInterrupted.
 */
export async function sendInBatches<T, S>(
  batches: readonly T[][],
  send: (batch: T[]) => Promise<void>,
  summary: () => S,
  onProgress: (done: number, total: number) => void,
): Promise<S> {
  const total = batches.reduce((count, batch) => count + batch.length, 0);
  let done = 0;
  onProgress(done, total);
  try {
    for (const batch of batches) {
      await send(batch);
      done += batch.length;
      onProgress(done, total);
    }
  } catch (error) {
    throw new RunInterrupted(error instanceof Error ? error : new Error(String(error)), summary());
  }
  return summary();
}

export interface RunWords {
  /** On the progress bar, e.g. 转入. */
  verb: string;
  /** What is counted, e.g. 行. */
  unit: string;
  /** Before the reason of an interruption, e.g. 导入中断. */
  interrupted: string;
  /** Why running the command again is safe. */
  rerun: string;
}

/**
 * A command's run with progress on stderr and its summary on stdout. An interrupted run says why and that
 * running again is safe, and still shows what was done.
 */
export async function reportRun<S>(run: (onProgress: ProgressReporter['update']) => Promise<S>, format: (summary: S) => string, words: RunWords): Promise<number> {
  const progress = progressReporter(process.stderr, words.verb, words.unit);
  try {
    const summary = await run(progress.update);
    progress.stop();
    console.log(format(summary));
    return EXIT.completed;
  } catch (error) {
    progress.stop();
    if (!(error instanceof RunInterrupted)) throw error;
    console.error(`${words.interrupted}：${error.message}`);
    console.error(words.rerun);
    // `run` interrupts only through sendInBatches with its own summary.
    console.log(format(error.summary as S));
    return EXIT.failed;
  }
}

/** The summary with its refused rows in line order, as reports list them. */
export function inLineOrder<S extends { rejected: RejectedRow[] }>(summary: S): S {
  return { ...summary, rejected: [...summary.rejected].sort((a, b) => a.line - b.line) };
}

/**
 * Runs a command line's parse (commander with exitOverride); a number is the exit code once commander has
 * printed the help (0) or a usage error (2).
 */
export function parseCommandLine<T extends object>(parse: () => T): T | number {
  try {
    return parse();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.completed : EXIT.usage;
    throw error;
  }
}

/** Runs a command's `main` as the script node was started with, leaving with its exit code. */
export function runAsScript(main: (argv: readonly string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = EXIT.failed;
    },
  );
}
