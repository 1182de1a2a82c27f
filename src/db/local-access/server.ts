/**
 * The shop offers its embedded database to `jne` commands on the same machine: a Unix socket
 * in DATA_DIR (mode 600, so only the shop's user can connect). Each command's statements take
 * the one PGlite session in turn with the shop's own requests, through the same mutex: a
 * statement outside a transaction holds it for itself, a transaction from BEGIN to its end. A
 * command that disconnects inside a transaction is rolled back and lets go.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { copyFromBlob } from '../embedded.js';
import type { Mutex } from '../mutex.js';
import { decode, encode, errorToWire, lineReader, type Request, type Response } from './protocol.js';

export function localSocketPath(dataDir: string): string {
  return path.join(dataDir, 'jne.sock');
}

export interface LocalAccess {
  close(): Promise<void>;
}

export async function offerToLocalCommands(pglite: PGlite, mutex: Mutex, socketPath: string): Promise<LocalAccess> {
  // The caller holds the data folder's lock: a socket file left here is a dead shop's.
  fs.rmSync(socketPath, { force: true });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    serveConnection(pglite, mutex, socket).finally(() => sockets.delete(socket));
  });
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
  } finally {
    process.umask(umask);
  }
  fs.chmodSync(socketPath, 0o600);
  return {
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(socketPath, { force: true });
    },
  };
}

async function serveConnection(pglite: PGlite, mutex: Mutex, socket: net.Socket): Promise<void> {
  let release: (() => void) | undefined;
  let queue = Promise.resolve();
  const letGo = async () => {
    if (!release) return;
    if (pglite.isInTransaction()) await pglite.exec('ROLLBACK').catch(() => {});
    release();
    release = undefined;
  };
  const answer = async (request: Request): Promise<Response> => {
    release ??= await mutex.lock();
    try {
      return { id: request.id, ok: true, ...(await run(pglite, request)) };
    } catch (error) {
      return { id: request.id, ok: false, error: errorToWire(error) };
    } finally {
      // Between statements of a transaction the session stays this command's.
      if (!pglite.isInTransaction()) {
        release();
        release = undefined;
      }
    }
  };
  socket.on(
    'data',
    lineReader((line) => {
      queue = queue.then(async () => {
        const response = await answer(decode<Request>(line));
        if (!socket.destroyed) socket.write(encode(response));
      });
    }),
  );
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await queue;
  await letGo();
}

async function run(pglite: PGlite, request: Request): Promise<Omit<Response & { ok: true }, 'id' | 'ok'>> {
  switch (request.op) {
    case 'query': {
      const result = await pglite.query(request.sql, request.params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    }
    case 'exec':
      await pglite.exec(request.sql);
      return {};
    case 'copy':
      return { rowCount: await copyFromBlob(pglite, request.sql, new Blob([Buffer.from(request.data, 'base64')])) };
    case 'dump': {
      const dump = await pglite.dumpDataDir('gzip');
      return { data: Buffer.from(await dump.arrayBuffer()).toString('base64') };
    }
  }
}
