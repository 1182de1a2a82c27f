/** The OpenAPI document (GET /docs/json) built from the routes' TypeBox schemas, and its UI at /docs. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * A query parameter with a default is filled in by validation when it is missing: to a client it
 * is optional, although the handler's type has it always (TypeBox lists it as required).
 */
function defaultsAreOptional(schema: Record<string, unknown> | undefined) {
  const query = schema?.querystring as { properties?: Record<string, { default?: unknown }>; required?: string[] };
  if (!query?.required || !query.properties) return schema;
  const required = query.required.filter((name) => query.properties![name]?.default === undefined);
  return { ...schema, querystring: { ...query, required } };
}

export const installOpenApi = fp(async function openApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    transform: ({ schema, url }) => ({ schema: defaultsAreOptional(schema as Record<string, unknown>) as never, url }),
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'JNE Outlet API',
        version: '1.0.0',
        description:
          'Catalog, suppliers, orders and authentication of the JNE Outlet shop. Errors always have the form ' +
          '{"error": {"code", "message", "details"}}. Money is a decimal string ("19.99").',
      },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'A login token (POST /api/auth/login) or an API token (jne tokens create)',
          },
        },
      },
      tags: [
        { name: 'health', description: 'Load balancer and runbook checks' },
        { name: 'auth', description: 'Login and API tokens' },
        { name: 'catalog', description: 'Products and categories' },
        { name: 'suppliers', description: 'Suppliers and their integration settings (admin)' },
        { name: 'orders', description: 'Guest checkout and order administration' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true } });
});
