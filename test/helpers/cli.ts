// Runs the CLI in-process with a fake io: streams collected, colour off, the repository as cwd.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.js';

/** The repository root, where fixture paths are relative to. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI's `main`: the sources' (the default) or the compiled one in dist/. */
export type CliMain = typeof main;

export async function runCli(argv: readonly string[], options: { env?: Record<string, string>; cwd?: string; entry?: CliMain } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await (options.entry ?? main)(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from([]),
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? ROOT,
  });
  return { code, stdout, stderr };
}

/** The diff golden cases: the fixture folders named `diff-*`. */
export function diffCases(): string[] {
  return readdirSync(path.join(ROOT, 'fixtures')).filter((name) => name.startsWith('diff-')).sort();
}

/** What a case folder's optional args.json may say: inputs (relative to the folder) and flags. */
interface CaseArgs {
  inputs?: string[];
  args?: string[];
}

/** The inputs and flags of one diff golden case, paths relative to the repository root. */
export function caseArgv(name: string): { inputs: string[]; args: string[] } {
  const folder = path.join('fixtures', name);
  const argsFile = path.join(ROOT, folder, 'args.json');
  const caseArgs: CaseArgs = existsSync(argsFile) ? (JSON.parse(readFileSync(argsFile, 'utf8')) as CaseArgs) : {};
  const inputs = (caseArgs.inputs ?? readdirSync(path.join(ROOT, folder)).filter((file) => file.endsWith('.log')).sort()).map((file) => path.join(folder, file));
  return { inputs, args: caseArgs.args ?? [] };
}
