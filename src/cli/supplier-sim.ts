/**
 * `jne supplier-sim --port N [...]`: runs the supplier simulator (src/supplier-sim/) until
 * SIGINT or SIGTERM. Point a supplier's api_endpoint at `<url>/orders` and its webhook at the shop.
 */
import { EXIT } from './exit-codes.js';
import { DEFAULT_SIM_OPTIONS, type SimOptions } from '../supplier-sim/options.js';
import { startSupplierSim } from '../supplier-sim/server.js';
import { parseOptions } from './args.js';
import { UsageError, type CliIO } from './io.js';

export async function supplierSimCommand(argv: string[], io: CliIO, stop?: Promise<void>): Promise<number> {
  const options = simOptions(argv);
  const sim = await startSupplierSim(options);
  io.out(
    `Supplier simulator on ${sim.url}: orders ${sim.url}/orders, feed ${sim.url}/catalog.csv, state ${sim.url}/_sim/state`,
  );
  if (!options.webhookUrl) io.out('No --webhook-url: orders are taken, but the shop hears nothing back.');
  await (stop ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }));
  await sim.close();
  return EXIT.ok;
}

export function simOptions(argv: string[]): SimOptions {
  const { values, positionals } = parseOptions('jne supplier-sim', argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'accept-rate': { type: 'string' },
    'fail-rate': { type: 'string' },
    'timeout-rate': { type: 'string' },
    latency: { type: 'string' },
    'ship-after': { type: 'string' },
    'webhook-url': { type: 'string' },
    'webhook-secret': { type: 'string' },
    'api-key': { type: 'string' },
    'catalog-size': { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`jne supplier-sim takes no arguments, got "${positionals[0]}"`);
  const share = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d*\.?\d+$/.test(raw) || value > 1)
      throw new UsageError(`--${name} must be a share from 0 to 1, got "${raw}"`);
    return value;
  };
  const whole = (name: string, raw: string | undefined, fallback: number, max: number) => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) > max)
      throw new UsageError(`--${name} must be a whole number up to ${max}, got "${raw}"`);
    return Number(raw);
  };
  const webhookUrl = values['webhook-url'];
  if (webhookUrl !== undefined && !/^https?:\/\/\S+$/.test(webhookUrl)) {
    throw new UsageError(`--webhook-url must be an http(s) URL, got "${webhookUrl}"`);
  }
  if (webhookUrl && !values['webhook-secret'])
    throw new UsageError('--webhook-url needs --webhook-secret (it signs the events)');
  const shipAfter = values['ship-after'];
  return {
    port: whole('port', values.port, DEFAULT_SIM_OPTIONS.port, 65535),
    host: values.host ?? DEFAULT_SIM_OPTIONS.host,
    acceptRate: share('accept-rate', values['accept-rate'], DEFAULT_SIM_OPTIONS.acceptRate),
    failRate: share('fail-rate', values['fail-rate'], DEFAULT_SIM_OPTIONS.failRate),
    timeoutRate: share('timeout-rate', values['timeout-rate'], DEFAULT_SIM_OPTIONS.timeoutRate),
    latencyMs: whole('latency', values.latency, DEFAULT_SIM_OPTIONS.latencyMs, 600_000),
    shipAfterSeconds: shipAfter === 'never' ? undefined : whole('ship-after', shipAfter, 10, 86_400),
    webhookUrl,
    webhookSecret: values['webhook-secret'],
    apiKey: values['api-key'],
    catalogSize: whole('catalog-size', values['catalog-size'], DEFAULT_SIM_OPTIONS.catalogSize, 1_000_000),
  };
}
