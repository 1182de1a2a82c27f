/** The shop's keys and the configuration the API adds. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { loadSecrets } from '../src/secrets.js';

describe('secrets', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('embedded: generates both keys once in the data folder (mode 600) and keeps them', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-keys-'));
    const config = loadConfig({ DATA_DIR: dir }, dir);
    const first = loadSecrets(config);
    expect(first.authSecret).toHaveLength(32);
    expect(first.credentialsKey).toHaveLength(32);
    expect(first.authSecret.equals(first.credentialsKey)).toBe(false);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(loadSecrets(config)).toEqual(first);
    fs.writeFileSync(path.join(dir, 'secret.key'), 'garbage');
    expect(() => loadSecrets(config)).toThrow(/does not hold a 64-digit hex key/);
  });

  it('configured keys win; a server deployment must configure them', () => {
    const env = {
      DATABASE_URL: 'postgres://shop@db/shop',
      AUTH_SECRET: 'a'.repeat(32),
      CREDENTIALS_KEY: 'ef'.repeat(32),
    };
    const secrets = loadSecrets(loadConfig(env));
    expect(secrets.authSecret.toString()).toBe('a'.repeat(32));
    expect(secrets.credentialsKey).toEqual(Buffer.from('ef'.repeat(32), 'hex'));
    expect(() => loadSecrets(loadConfig({ ...env, AUTH_SECRET: undefined }))).toThrow(
      'Invalid configuration: AUTH_SECRET is required when DATABASE_URL is set',
    );
    expect(() => loadSecrets(loadConfig({ ...env, CREDENTIALS_KEY: undefined }))).toThrow(
      /CREDENTIALS_KEY is required/,
    );
  });
});
