import os from 'node:os';
import readline from 'node:readline/promises';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  env: Record<string, string | undefined>;
  cwd: string;
  out(line: string): void;
  err(line: string): void;
  /** Someone at a terminal can answer a question (stdin and stdout are terminals). */
  isTerminal?: boolean;
  /** Asks a question on the terminal and returns the answer. */
  ask?(question: string): Promise<string>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const processIO: CliIO = {
  env: process.env,
  cwd: process.cwd(),
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  isTerminal: process.stdin.isTTY === true && process.stdout.isTTY === true,
  async ask(question) {
    const terminal = readline.createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await terminal.question(question);
    } finally {
      terminal.close();
    }
  },
};

/** The person at the terminal, for the audit trail. */
export function osUser(io: CliIO): string {
  const fromEnv = io.env.USER ?? io.env.LOGNAME;
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown user';
  }
}
