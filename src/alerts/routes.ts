/**
 * The operator's alarms: GET /api/alerts (open by default), acknowledge one, evaluate now (staff).
 * Evaluating now sends no digest: the next scheduled run mails the alarms it opens.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { inTransaction } from '../db/transaction.js';
import type { DB } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import { actorOf, requireRole } from '../http/auth.js';
import { IdParam, Timestamp, bearer, errors } from '../http/schemas.js';
import { evaluateAlerts } from './evaluate.js';
import { acknowledgeAlert, listAlerts } from './repository.js';
import type { RuleInputs } from './rules.js';
import { ALERT_RULES } from './schemas.js';

const At = Type.Union([Timestamp, Type.Null()]);
const Id = Type.Union([Type.Integer(), Type.Null()]);

export const AlertSchema = Type.Object(
  {
    id: Type.Integer(),
    rule: Type.String({ description: ALERT_RULES.join(', ') }),
    subject: Type.String({ description: "what it is about: 'supplier_order:12', 'order:7', 'supplier:3'" }),
    supplierId: Id,
    supplierCode: Type.Union([Type.String(), Type.Null()]),
    supplierOrderId: Id,
    orderId: Id,
    orderNumber: Type.Union([Type.String(), Type.Null()]),
    message: Type.String(),
    details: Type.Record(Type.String(), Type.Unknown()),
    firstSeenAt: Timestamp,
    lastSeenAt: Timestamp,
    resolvedAt: At,
    acknowledgedAt: At,
    acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'Alert' },
);

export const alertRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB>; rules: RuleInputs }> = async (
  app,
  { db, rules },
) => {
  const staff = { preValidation: requireRole('admin', 'staff') };
  const tags = ['alerts'];

  app.get(
    '',
    {
      ...staff,
      schema: {
        tags,
        summary: 'The alarms, newest first: open ones unless state says otherwise (staff)',
        security: bearer,
        querystring: Type.Object(
          {
            state: Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')], {
              default: 'open',
            }),
            rule: Type.Optional(Type.Union(ALERT_RULES.map((r) => Type.Literal(r)))),
            supplierId: Type.Optional(Type.Integer({ minimum: 1 })),
            acknowledged: Type.Optional(Type.Boolean()),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(AlertSchema), total: Type.Integer() }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => listAlerts(db, request.query),
  );

  app.post(
    '/:id/ack',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Acknowledge an alarm: someone is on it (it stays open until its cause goes away) (staff)',
        security: bearer,
        params: IdParam,
        response: { 200: AlertSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      inTransaction(
        db,
        async (trx) => {
          const alert = await acknowledgeAlert(trx, request.params.id, actorOf(request));
          if (!alert) throw new NotFoundError(`Alert ${request.params.id} does not exist`);
          return alert;
        },
        { log: request.log },
      ),
  );

  app.post(
    '/evaluate',
    {
      ...staff,
      schema: {
        tags,
        summary: 'Evaluate the alarm rules now: new alarms open, gone ones resolve (staff)',
        security: bearer,
        response: {
          200: Type.Object({ opened: Type.Integer(), stillOpen: Type.Integer(), resolved: Type.Integer() }),
          ...errors(401, 403),
        },
      },
    },
    async (request) => inTransaction(db, (trx) => evaluateAlerts(trx, rules), { log: request.log }),
  );
};
