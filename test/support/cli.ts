/** Runs the jne CLI in-process with its own environment and captured output. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Someone at a terminal who gives these answers in turn; the questions land in `out`. */
export interface Terminal {
  answers: string[];
}

export async function jne(
  args: string[],
  env: Record<string, string | undefined>,
  cwd?: string,
  terminal?: Terminal,
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    cwd: cwd ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jne-cwd-')),
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    isTerminal: terminal !== undefined,
    async ask(question) {
      out.push(question);
      const answer = terminal?.answers.shift();
      if (answer === undefined) throw new Error(`asked "${question}" with no answer left`);
      return answer;
    },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export function tempDir(prefix = 'jne-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
