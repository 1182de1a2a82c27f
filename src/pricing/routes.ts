/** Pricing routes: staff read and preview, admins change rules and reprice. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { repriceProducts } from '../catalog/prices.js';
import { inTransaction } from '../db/transaction.js';
import type { DB } from '../db/types.js';
import { actorOf, requireRole } from '../http/auth.js';
import { IdParam, bearer, errors } from '../http/schemas.js';
import { explainPricing } from './explain.js';
import { ruleImpact } from './impact.js';
import { pricingOverview } from './overview.js';
import { proposedRules } from './proposal.js';
import { previewPrice } from './preview.js';
import { listRules } from './rules-repository.js';
import { RULE_DEFAULTS, createRule, deleteRule, getRule, updateRule } from './rules-service.js';
import {
  CreateRuleBody,
  PreviewBody,
  PreviewSchema,
  PricingExplanationSchema,
  PricingOverviewQuery,
  PricingOverviewSchema,
  PricingRuleSchema,
  RepricedSchema,
  RuleChangeSchema,
  RuleImpactSchema,
  RuleProposalBody,
  UpdateRuleBody,
} from './schemas.js';

/** Everything under /api/pricing-rules. */
export const pricingRuleRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, deps) => {
  const { db } = deps;
  const read = { preValidation: requireRole('admin', 'staff') };
  const write = { preValidation: requireRole('admin') };
  const tags = ['pricing'];

  app.get(
    '',
    {
      ...read,
      schema: {
        tags,
        summary: 'Pricing rules in precedence order (staff)',
        security: bearer,
        response: { 200: Type.Object({ items: Type.Array(PricingRuleSchema) }), ...errors(401, 403) },
      },
    },
    async () => ({ items: await listRules(db) }),
  );

  app.get(
    '/:id',
    {
      ...read,
      schema: {
        tags,
        summary: 'One pricing rule (staff)',
        security: bearer,
        params: IdParam,
        response: { 200: PricingRuleSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => getRule(db, request.params.id),
  );

  app.post(
    '',
    {
      ...write,
      schema: {
        tags,
        summary: 'Create a pricing rule and reprice the catalog (admin)',
        security: bearer,
        body: CreateRuleBody,
        response: { 201: RuleChangeSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await inTransaction(db, (trx) => createRule(trx, { ...RULE_DEFAULTS, ...request.body }), {
          log: request.log,
        }),
      ),
  );

  app.patch(
    '/:id',
    {
      ...write,
      schema: {
        tags,
        summary: 'Change a pricing rule and reprice the catalog (admin)',
        security: bearer,
        params: IdParam,
        body: UpdateRuleBody,
        response: { 200: RuleChangeSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      inTransaction(db, (trx) => updateRule(trx, request.params.id, request.body), { log: request.log }),
  );

  app.delete(
    '/:id',
    {
      ...write,
      schema: {
        tags,
        summary: 'Delete a pricing rule and reprice the catalog (admin); the last active "all" rule stays',
        security: bearer,
        params: IdParam,
        response: { 200: RepricedSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => inTransaction(db, (trx) => deleteRule(trx, request.params.id), { log: request.log }),
  );

  app.post(
    '/preview',
    {
      ...read,
      schema: {
        tags,
        summary: 'The price for a cost and scope, and the rule that wins, by the stored rules or a proposal (staff)',
        security: bearer,
        body: PreviewBody,
        response: { 200: PreviewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { proposal, ...input } = request.body;
      return previewPrice(db, input, proposal ? await proposedRules(db, proposal, '/proposal') : undefined);
    },
  );

  app.post(
    '/impact',
    {
      ...read,
      schema: {
        tags,
        summary:
          'What a rule change would do to the catalog before it is saved: how many prices move, by how much (staff)',
        security: bearer,
        body: RuleProposalBody,
        response: { 200: RuleImpactSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ruleImpact(db, request.body),
  );
};

/** Everything under /api/pricing. */
export const repriceRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, deps) => {
  const { db } = deps;
  const write = { preValidation: requireRole('admin') };
  const tags = ['pricing'];

  app.post(
    '/reprice',
    {
      ...write,
      schema: {
        tags,
        summary: 'Reprice every product from its cost basis, set-based (admin)',
        security: bearer,
        response: { 200: RepricedSchema, ...errors(401, 403) },
      },
    },
    async (request) => repriceProducts(db, { reason: `reprice by ${actorOf(request)}` }),
  );
};

/** Everything under /api/products. */
export const productPricingRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, deps) => {
  const { db } = deps;
  const read = { preValidation: requireRole('admin', 'staff') };
  const tags = ['pricing'];

  app.get(
    '/:id/pricing',
    {
      ...read,
      schema: {
        tags,
        summary:
          'Why a product costs what it costs: its sources and which of them keep the margin, the cost basis, the winning rule, the price change log (staff)',
        security: bearer,
        params: IdParam,
        response: { 200: PricingExplanationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => explainPricing(db, { id: request.params.id }),
  );
};

/** Everything under /api/pricing that reads. */
export const pricingOverviewRoutes: FastifyPluginAsyncTypebox<{ db: Kysely<DB> }> = async (app, deps) => {
  const { db } = deps;
  const read = { preValidation: requireRole('admin', 'staff') };

  app.get(
    '/products',
    {
      ...read,
      schema: {
        tags: ['pricing'],
        summary: 'Cost basis, margin and units per source of up to 100 products at once, for a product list (staff)',
        security: bearer,
        querystring: PricingOverviewQuery,
        response: { 200: PricingOverviewSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ items: await pricingOverview(db, request.query.id) }),
  );
};
