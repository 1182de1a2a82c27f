/**
 * The shop's two keys: the HMAC secret that signs login tokens and the AES-256-GCM key that
 * encrypts supplier credentials. They come from config (AUTH_SECRET, CREDENTIALS_KEY). The
 * embedded default generates each once and keeps it in the data folder (mode 600), so a restart
 * keeps logins and credentials valid; a PostgreSQL deployment must configure them.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDataDir } from './data-dir.js';
import { ConfigError, type Config } from './config.js';

export interface Secrets {
  authSecret: Buffer;
  credentialsKey: Buffer;
}

export function loadSecrets(config: Pick<Config, 'auth' | 'credentialsKey' | 'databaseUrl' | 'dataDir'>): Secrets {
  return { authSecret: loadAuthSecret(config), credentialsKey: loadCredentialsKey(config) };
}

export function loadAuthSecret(config: Pick<Config, 'auth' | 'databaseUrl' | 'dataDir'>): Buffer {
  if (config.auth.secret) return Buffer.from(config.auth.secret, 'utf8');
  if (config.databaseUrl) {
    throw new ConfigError(
      'AUTH_SECRET',
      'is required when DATABASE_URL is set (e.g. AUTH_SECRET=$(openssl rand -hex 32))',
    );
  }
  return keyFile(path.join(config.dataDir, 'secret.key'));
}

export function loadCredentialsKey(config: Pick<Config, 'credentialsKey' | 'databaseUrl' | 'dataDir'>): Buffer {
  if (config.credentialsKey) return config.credentialsKey;
  if (config.databaseUrl) {
    throw new ConfigError(
      'CREDENTIALS_KEY',
      'is required when DATABASE_URL is set (e.g. CREDENTIALS_KEY=$(openssl rand -hex 32)); keep it: without it stored supplier credentials cannot be read',
    );
  }
  return keyFile(path.join(config.dataDir, 'credentials.key'));
}

/** Reads a 32-byte key kept as hex in `file`, creating it (mode 600) on first use. */
function keyFile(file: string): Buffer {
  try {
    const hex = fs.readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex))
      throw new Error(`${file} does not hold a 64-digit hex key; restore it from a backup`);
    return Buffer.from(hex, 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  ensureDataDir(path.dirname(file));
  const key = randomBytes(32);
  try {
    fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Someone else created it at the same moment: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return keyFile(file);
    throw error;
  }
}
