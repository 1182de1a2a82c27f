/**
 * A real SFTP server on loopback for the SFTP sender: the ssh2 package's SSH server with an SFTP
 * subsystem over a temporary directory (its "/"), a host key of its own, and one user who logs in
 * with a password or a key. It implements what a client uploading files needs (open, write, read,
 * close, stat, rename that never replaces a file, like OpenSSH's, remove, realpath, mkdir).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { Connection, SFTPWrapper } from 'ssh2';

const { Server, utils } = ssh2;
const STATUS = utils.sftp.STATUS_CODE;

export interface RunningSftp {
  host: string;
  port: number;
  /** The directory the server serves as "/". */
  root: string;
  user: { username: string; password: string; privateKey: string };
  /** The host key's fingerprint as ssh-keygen -l shows it (SHA256:...). */
  hostKeyFingerprint: string;
  /** Runs before each rename with the local target path (a test makes another sender win the race). */
  beforeRename: ((target: string) => void) | undefined;
  close(): Promise<void>;
}

/**
 * An ed25519 key pair that ssh2 can read back: about one in 150 of the private keys its own
 * generateKeyPairSync writes is refused by its parser ("Malformed OpenSSH private key"), which
 * made the SFTP tests fail now and then before they started.
 */
function parseableKeyPair(): { private: string; public: string } {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private) instanceof Error)) return pair;
  }
}

export async function sftpServer(): Promise<RunningSftp> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jne-sftp-'));
  const hostKey = parseableKeyPair();
  const userKey = parseableKeyPair();
  const allowed = utils.parseKey(userKey.public);
  if (allowed instanceof Error) throw allowed;
  const user = { username: 'acme', password: 'pa55word', privateKey: userKey.private };
  const clients = new Set<Connection>();
  const running = { beforeRename: undefined } as RunningSftp;

  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (ctx.username === user.username && ctx.method === 'password' && ctx.password === user.password) {
        return ctx.accept();
      }
      if (ctx.username === user.username && ctx.method === 'publickey') {
        const known = allowed.getPublicSSH();
        const matches =
          ctx.key.algo === allowed.type && ctx.key.data.length === known.length && timingSafeEqual(ctx.key.data, known);
        if (matches && (!ctx.signature || allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true)) {
          return ctx.accept();
        }
      }
      ctx.reject(['password', 'publickey']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        accept().on('sftp', (acceptSftp) => serveFiles(acceptSftp(), root, running));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const hostPublic = utils.parseKey(hostKey.public);
  if (hostPublic instanceof Error) throw hostPublic;
  return Object.assign(running, {
    host: '127.0.0.1',
    port,
    root,
    user,
    hostKeyFingerprint: `SHA256:${createHash('sha256').update(hostPublic.getPublicSSH()).digest('base64').replace(/=+$/, '')}`,
    async close() {
      for (const c of clients) c.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(root, { recursive: true, force: true });
    },
  });
}

function serveFiles(sftp: SFTPWrapper, root: string, hooks: Pick<RunningSftp, 'beforeRename'>) {
  const open = new Map<number, number>();
  let nextHandle = 0;
  const local = (remote: string) => path.join(root, path.posix.resolve('/', remote));
  const handleBuffer = (id: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(id);
    return b;
  };
  const fdOf = (handle: Buffer) => (handle.length === 4 ? open.get(handle.readUInt32BE(0)) : undefined);
  const fail = (reqid: number, error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const status =
      code === 'ENOENT' ? STATUS.NO_SUCH_FILE : code === 'EACCES' ? STATUS.PERMISSION_DENIED : STATUS.FAILURE;
    sftp.status(reqid, status, (error as Error).message);
  };
  const attrsOf = (s: fs.Stats) => ({
    mode: s.mode,
    uid: s.uid,
    gid: s.gid,
    size: s.size,
    atime: Math.floor(s.atimeMs / 1000),
    mtime: Math.floor(s.mtimeMs / 1000),
  });
  const run = (reqid: number, work: () => void) => {
    try {
      work();
    } catch (error) {
      fail(reqid, error);
    }
  };

  sftp.on('OPEN', (reqid, filename, flags) =>
    run(reqid, () => {
      const fd = fs.openSync(local(filename), utils.sftp.flagsToString(flags) ?? 'r');
      nextHandle += 1;
      open.set(nextHandle, fd);
      sftp.handle(reqid, handleBuffer(nextHandle));
    }),
  );
  sftp.on('WRITE', (reqid, handle, offset, data) =>
    run(reqid, () => {
      const fd = fdOf(handle);
      if (fd === undefined) return sftp.status(reqid, STATUS.FAILURE, 'bad handle');
      fs.writeSync(fd, data, 0, data.length, offset);
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('READ', (reqid, handle, offset, length) =>
    run(reqid, () => {
      const fd = fdOf(handle);
      if (fd === undefined) return sftp.status(reqid, STATUS.FAILURE, 'bad handle');
      const buffer = Buffer.alloc(length);
      const n = fs.readSync(fd, buffer, 0, length, offset);
      if (n === 0) sftp.status(reqid, STATUS.EOF);
      else sftp.data(reqid, buffer.subarray(0, n));
    }),
  );
  sftp.on('CLOSE', (reqid, handle) =>
    run(reqid, () => {
      const fd = fdOf(handle);
      if (fd === undefined) return sftp.status(reqid, STATUS.FAILURE, 'bad handle');
      fs.closeSync(fd);
      open.delete(handle.readUInt32BE(0));
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('FSTAT', (reqid, handle) =>
    run(reqid, () => {
      const fd = fdOf(handle);
      if (fd === undefined) return sftp.status(reqid, STATUS.FAILURE, 'bad handle');
      sftp.attrs(reqid, attrsOf(fs.fstatSync(fd)));
    }),
  );
  const stat = (reqid: number, remote: string) =>
    run(reqid, () => sftp.attrs(reqid, attrsOf(fs.lstatSync(local(remote)))));
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);
  sftp.on('SETSTAT', (reqid) => sftp.status(reqid, STATUS.OK));
  sftp.on('FSETSTAT', (reqid) => sftp.status(reqid, STATUS.OK));
  sftp.on('RENAME', (reqid, from, to) =>
    run(reqid, () => {
      hooks.beforeRename?.(local(to));
      // Like OpenSSH's SFTP server: a rename never replaces an existing file.
      if (fs.existsSync(local(to))) return sftp.status(reqid, STATUS.FAILURE, 'the target exists');
      fs.renameSync(local(from), local(to));
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('REMOVE', (reqid, remote) =>
    run(reqid, () => {
      fs.unlinkSync(local(remote));
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('MKDIR', (reqid, remote) =>
    run(reqid, () => {
      fs.mkdirSync(local(remote));
      sftp.status(reqid, STATUS.OK);
    }),
  );
  sftp.on('REALPATH', (reqid, remote) => {
    const absolute = path.posix.resolve('/', remote);
    sftp.name(reqid, [{ filename: absolute, longname: absolute, attrs: {} as never }]);
  });
  for (const unsupported of ['OPENDIR', 'READDIR', 'RMDIR', 'READLINK', 'SYMLINK'] as const) {
    sftp.on(unsupported, (reqid: number) => sftp.status(reqid, STATUS.OP_UNSUPPORTED));
  }
}
