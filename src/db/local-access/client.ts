/**
 * A `jne` command's database when the shop holds the embedded one: every statement goes over
 * the shop's local socket (server.ts) and runs in the shop's PGlite session. It behaves as the
 * embedded database in-process: the same Kysely, sessions, COPY, errors with their SQLSTATE.
 */
import net from 'node:net';
import type { Database } from '../database.js';
import { Mutex } from '../mutex.js';
import type { QueryResult, Session } from '../session.js';
import { sessionKysely } from '../session-kysely.js';
import { decode, encode, errorFromWire, lineReader, type Request, type Response } from './protocol.js';

type Call = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export async function connectThroughShop(socketPath: string, label: string): Promise<Database> {
  const socket = net.createConnection(socketPath);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (r: Response) => void; reject: (e: Error) => void }>();
  const lost = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  socket.on('error', lost);
  socket.on('close', () => lost(new Error('The shop closed its database connection (did it stop?)')));
  socket.on(
    'data',
    lineReader((line) => {
      const response = decode<Response>(line);
      waiting.get(response.id)?.resolve(response);
      waiting.delete(response.id);
    }),
  );
  const call = (request: Call) =>
    new Promise<Response & { ok: true }>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, {
        resolve: (r) => (r.ok ? resolve(r) : reject(errorFromWire(r.error))),
        reject,
      });
      socket.write(encode({ ...request, id } as Request));
    });

  const session: Session = {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const r = await call({ op: 'query', sql, params: [...params] });
      return { rows: (r.rows ?? []) as R[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await call({ op: 'exec', sql });
    },
    async copyFrom(statement, data) {
      const chunks: Buffer[] = [];
      for await (const chunk of data) chunks.push(Buffer.from(chunk));
      const r = await call({ op: 'copy', sql: statement, data: Buffer.concat(chunks).toString('base64') });
      return r.rowCount ?? 0;
    },
  };
  // This command's own callers take the connection one at a time, as in-process.
  const mutex = new Mutex();
  const db = sessionKysely(session, mutex);
  return {
    backend: 'embedded',
    label,
    db,
    withSession: (fn) => mutex.run(() => fn(session)),
    async dumpDataDir() {
      const r = await mutex.run(() => call({ op: 'dump' }));
      return new Blob([Buffer.from(r.data ?? '', 'base64')]);
    },
    async close() {
      await db.destroy();
      socket.end();
    },
  };
}
