import type { FastifyRequest } from 'fastify';

/**
 * A request as the access log shows it: Fastify's fields, with the values of query parameters
 * that identify a customer (a customer looks up an order with ?email=) left out.
 */
export function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactQuery(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

const PRIVATE_QUERY = /([?&](?:email|e-mail)=)[^&#]*/gi;

export function redactQuery(url: string): string {
  return url.replace(PRIVATE_QUERY, '$1[redacted]');
}
