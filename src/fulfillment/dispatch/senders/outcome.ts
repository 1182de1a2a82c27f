/**
 * What sending a purchase order came to, whatever the method. Senders classify every answer and
 * error into one of these and never throw; dispatch.ts records it through the state machine.
 */
export type SendOutcome =
  /** The supplier has the order (or had it already: a resend under the same reference). */
  | { kind: 'submitted'; externalReference?: string | undefined; payload: Record<string, unknown> }
  /** The supplier refused the order itself; not retried. */
  | { kind: 'rejected'; reason: string; payload: Record<string, unknown> }
  /** Worth trying again later (network, timeout, a temporary refusal). */
  | { kind: 'retry'; error: string; retryAfterMs: number | undefined }
  /** The shop cannot send it as it is set up: failed at once, for an operator to fix and resend. */
  | { kind: 'misconfigured'; reason: string };
