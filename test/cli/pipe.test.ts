/**
 * `jne … | head`: the reader closes the pipe after the first line. The command ends quietly with
 * its own exit code instead of crashing on EPIPE. The real entry point, in a process of its own.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

it('ends quietly when the reader of its output goes away', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'help'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Like `head` that has read enough: the pipe is closed before the command writes to it.
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(stderr).not.toMatch(/EPIPE|Error/);
  expect(code).toBe(0);
});
