/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a header section over Node's
 * limit, a malformed request line, a client too slow to send its headers) get the API's error
 * shape too, `{"error": {"code", "message"}}`, and the connection is closed.
 */
import http from 'node:http';
import type { Socket } from 'node:net';

const ANSWERS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    message: 'The request line and headers are larger than the server accepts (16 KiB): shorten the URL or the headers',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', message: 'The request did not arrive in time' },
};
const MALFORMED = { status: 400, code: 'malformed_request', message: 'The request is not valid HTTP/1.1' };

export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = ANSWERS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify({ error: { code: answer.code, message: answer.message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${answer.status} ${http.STATUS_CODES[answer.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
