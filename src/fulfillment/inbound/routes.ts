/**
 * Inbound webhooks of suppliers: POST /api/webhooks/suppliers/:code (DESIGN §7). A plugin of
 * its own because the signature covers the raw body: its JSON parser keeps the body as text.
 * Unknown supplier, no webhook secret, missing or bad signature, stale timestamp: the same 401,
 * nothing written (which supplier codes exist is not revealed). A malformed event: 400 naming the
 * field. Otherwise 200 with whether it was applied.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { inTransaction } from '../../db/transaction.js';
import type { DB } from '../../db/types.js';
import { UnauthenticatedError } from '../../errors.js';
import { errors } from '../../http/schemas.js';
import { decryptSecret } from '../../suppliers/crypto.js';
import type { SyncOrderStatus } from '../order-sync.js';
import type { RerouteLines } from '../rerouting.js';
import { acknowledgeSubmitted, type VerifiedSupplier } from './acknowledgement.js';
import { applySupplierEvent } from './apply-event.js';
import { parseSupplierEvent } from './event.js';
import { verifySignature } from './signature.js';

export interface WebhookRouteOptions {
  db: Kysely<DB>;
  credentialsKey: Buffer;
  /** The customer order's status follows an applied event, in its transaction. */
  syncOrder: SyncOrderStatus;
  /** Re-routes the lines of a rejected supplier order in the rejection's transaction (REROUTE_ON_REJECTION). */
  reroute?: RerouteLines | undefined;
}

const BAD_SIGNATURE = 'Missing or invalid webhook signature';

const webhookRoutes: FastifyPluginAsyncTypebox<WebhookRouteOptions> = async (app, options) => {
  const { db, credentialsKey, syncOrder, reroute } = options;
  // Secrets that verified a signature, by supplier code (only a valid signature adds one, so the
  // map holds at most one entry per supplier). An entry is never trusted alone: the one-statement
  // acknowledgement re-checks that the stored secret is still the same, and everything else looks
  // the supplier up again.
  const verified = new Map<string, VerifiedSupplier & { secret: string }>();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post(
    '/:code',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'An event from a supplier (signed with its webhook secret: X-JNE-Signature: t=...,v1=...)',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.String(),
        response: {
          200: Type.Object({ applied: Type.Boolean(), reason: Type.Optional(Type.String()) }),
          ...errors(400, 401),
        },
      },
    },
    async (request) => {
      const rawBody = request.body;
      const header = request.headers['x-jne-signature'];
      const signature = typeof header === 'string' ? header : undefined;
      // The common case first: a supplier seen before, whose acknowledgement applies as one statement.
      const known = verified.get(request.params.code);
      if (known && verifySignature(known.secret, signature, rawBody)) {
        if (await acknowledgeSubmitted(db, known, parseSupplierEvent(rawBody))) return { applied: true };
      }
      const supplier = await db
        .selectFrom('suppliers')
        .select(['id', 'code', 'webhook_secret_encrypted'])
        .where('code', '=', request.params.code)
        .executeTakeFirst();
      let secret: string | undefined;
      try {
        if (supplier?.webhook_secret_encrypted) {
          secret = decryptSecret(credentialsKey, 'webhook_secret_encrypted', supplier.webhook_secret_encrypted);
        }
      } catch {
        request.log.error({ supplier: supplier?.code }, 'webhook secret cannot be decrypted with this CREDENTIALS_KEY');
      }
      if (!supplier?.webhook_secret_encrypted || !secret || !verifySignature(secret, signature, rawBody)) {
        throw new UnauthenticatedError(BAD_SIGNATURE);
      }
      verified.set(supplier.code, {
        id: supplier.id,
        code: supplier.code,
        webhookSecretEncrypted: supplier.webhook_secret_encrypted,
        secret,
      });
      const event = parseSupplierEvent(rawBody);
      return inTransaction(db, (trx) => applySupplierEvent(trx, supplier, event, syncOrder, reroute), {
        log: request.log,
      });
    },
  );
};

export default webhookRoutes;
