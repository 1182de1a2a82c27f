import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config.js';

/**
 * A folder and its missing parents, one level at a time, or an error that names the folder that
 * cannot be made and why (Node's recursive mkdir loops forever under /proc). The folder must end up
 * writable by this user.
 */
export function makeFolder(folder: string): void {
  const missing: string[] = [];
  let dir = path.resolve(folder);
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) {
    missing.unshift(dir);
    dir = path.dirname(dir);
  }
  for (const level of missing) {
    try {
      fs.mkdirSync(level);
    } catch (error) {
      if (code(error) !== 'EEXIST') throw new Error(`cannot create ${level} (${code(error)})`);
    }
  }
  if (!fs.statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder (ENOTDIR)`);
  try {
    fs.accessSync(folder, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw new Error(`${folder} is not writable by this user (${code(error)})`);
  }
}

/** DATA_DIR, made if missing; a configuration error naming DATA_DIR if it cannot be used. */
export function ensureDataDir(dataDir: string): void {
  try {
    makeFolder(dataDir);
  } catch (error) {
    throw new ConfigError(
      'DATA_DIR',
      `(${dataDir}) cannot be used: ${(error as Error).message}. Set DATA_DIR to a folder this user may create and write.`,
    );
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);
