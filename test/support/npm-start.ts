/** `npm start` as the operator runs it, as a process group of its own, stopped like Ctrl-C. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

export interface StartedShop {
  url: string;
  /** Everything npm and the shop printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Runs `npm start` with DATA_DIR and a free port; resolves when the shop says it is running. */
export function npmStart(env: Record<string, string>, timeoutMs = 240_000): Promise<StartedShop> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL' && !name.startsWith('npm_')),
  );
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const stop = () => stopGroup(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`npm start did not report running within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const running = /JNE Outlet is running on [^"]*: (http:\/\/[^/"]+)\//.exec(output);
      if (running) {
        clearTimeout(timer);
        resolve({ url: running[1]!, output: () => output, stop });
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${signal ?? `code ${code}`}) before running:\n${output}`));
    });
  });
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    return; // already gone
  }
  await exited;
  // npm exits on the signal without waiting for the shop it started: the shop is stopped only when
  // no process of the group is left (it removes its socket and closes the database on the way out).
  await groupGone(child.pid!);
}

async function groupGone(pgid: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (liveMembers(pgid) > 0) {
    if (Date.now() > deadline) throw new Error(`process group ${pgid} still running ${timeoutMs} ms after SIGTERM`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Processes of the group that still run; zombies count as gone (they wait only to be reaped). */
function liveMembers(pgid: number): number {
  let live = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') live += 1;
  }
  return live;
}
