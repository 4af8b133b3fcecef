import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The repository root: every script and the emulator resolve paths from here. */
export const ROOT = path.resolve(__dirname, '../..');

const TRIGGER = z.object({ name: z.string(), type: z.literal('timer'), config: z.string() });
const FUNCTION = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  handler: z.literal('index.main'),
  runtime: z.string(),
  timeout: z.number().int().min(1).max(900),
  memorySize: z.number().int(),
  envVariables: z.record(z.string(), z.string()).default({}),
  triggers: z.array(TRIGGER).default([]),
});
const CLOUDBASERC = z.object({ functionRoot: z.string(), functions: z.array(FUNCTION).min(1) });

export type FunctionSpec = z.infer<typeof FUNCTION>;
export type TimerTrigger = z.infer<typeof TRIGGER>;

export interface ProjectFunctions {
  /** Folder holding one built folder per function (index.js + package.json), as deployed. */
  buildDir: string;
  functions: FunctionSpec[];
}

/** Reads cloudbaserc.json, the one description of the deployed functions that build, emulator and deploy share. */
export function readCloudbaserc(file = path.join(ROOT, 'cloudbaserc.json')): ProjectFunctions {
  const parsed = CLOUDBASERC.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return { buildDir: path.resolve(path.dirname(file), parsed.functionRoot), functions: parsed.functions };
}
