import { execFile } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/cloudbaserc';

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Every 18-character ID-number-shaped text, to prove none is printed in clear. */
export const ID_NUMBER_SHAPED = /[0-9]{17}[0-9Xx]/;

/**
 * Runs a command of scripts/ as `npm run` does (tsx), in its own process from the repository root, and
 * asynchronously: the runtime it calls lives in the test's process.
 */
export function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}
