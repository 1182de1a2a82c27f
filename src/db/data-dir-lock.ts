/**
 * The embedded database belongs to one process at a time. PGlite has no lock of its own, and
 * two processes writing one data folder corrupt it, so we keep a lock file beside it that
 * names the owner. A stale lock (its process is gone) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureDataDir } from '../data-dir.js';

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
    readonly ownerCommand: string,
    readonly lockFile: string,
    message?: string,
  ) {
    super(
      message ??
        `The embedded database in ${dataDir} is in use by process ${ownerPid} (${ownerCommand}). ` +
          `Only one process can open it at a time: stop that process first (jne commands run through ` +
          `a running shop, \`npm start\`, by themselves), or use a PostgreSQL server for both by setting ` +
          `DATABASE_URL. If no such process is running, delete ${lockFile}.`,
    );
    this.name = 'DataDirBusyError';
  }
}

interface LockOwner {
  pid: number;
  command: string;
  startedAt: string;
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string, command: string): DataDirLock {
  ensureDataDir(dataDir);
  const lockFile = path.join(dataDir, 'jne.lock');
  const owner: LockOwner = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, JSON.stringify(owner), { flag: 'wx' });
      const release = () => {
        process.off('exit', release);
        if (readOwner(lockFile)?.pid === process.pid) fs.rmSync(lockFile, { force: true });
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readOwner(lockFile);
      if (current && current.pid !== process.pid && isAlive(current.pid)) {
        throw new DataDirBusyError(dataDir, current.pid, current.command, lockFile);
      }
      if (current?.pid === process.pid) {
        throw new DataDirBusyError(dataDir, current.pid, `${current.command}, this same process`, lockFile);
      }
      fs.rmSync(lockFile, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}

function readOwner(lockFile: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockFile, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
