import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export interface ChildEmulator {
  url: string;
  child: ChildProcess;
  /** Ends the process: SIGTERM shuts down cleanly, SIGKILL simulates a crash. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** Starts emulator/main.ts in a separate Node process and waits for the URL it prints. */
export function spawnEmulator(dataDir: string, timeoutMs = 20_000): Promise<ChildEmulator> {
  // cwd at the repository root: `--import tsx` resolves the tsx package from there, whatever the caller's cwd.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'main.ts')], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, TONGXING_DATA_DIR: dataDir, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the emulator did not start in time'));
    }, timeoutMs);
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code} before listening`)));
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
        child,
        async stop(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}
