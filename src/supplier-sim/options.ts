/** How the simulated supplier behaves: the flags of `jne supplier-sim`. */
export interface SimOptions {
  port: number;
  host: string;
  /** Share of new orders accepted (0-1); the rest are rejected with a 422 and a reason. */
  acceptRate: number;
  /** Share of order requests answered 503 with Retry-After (0-1), before anything is recorded. */
  failRate: number;
  /** Share of order requests that are recorded but never answered: the caller times out (0-1). */
  timeoutRate: number;
  /** Delay before every answer, in milliseconds. */
  latencyMs: number;
  /** Seconds from acceptance to the shipment webhook, and from the shipment to delivery; undefined: never. */
  shipAfterSeconds: number | undefined;
  /** The shop's webhook URL for this supplier, e.g. http://127.0.0.1:3000/api/webhooks/suppliers/SIM. */
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  /** When set, order, cancel and stock calls need `Authorization: Bearer <apiKey>`. */
  apiKey: string | undefined;
  /** Items in the generated catalog (SIM-0001 ...), served as a feed and by the stock endpoint. */
  catalogSize: number;
}

export const DEFAULT_SIM_OPTIONS: SimOptions = {
  port: 4010,
  host: '127.0.0.1',
  acceptRate: 1,
  failRate: 0,
  timeoutRate: 0,
  latencyMs: 0,
  shipAfterSeconds: 10,
  webhookUrl: undefined,
  webhookSecret: undefined,
  apiKey: undefined,
  catalogSize: 20,
};
