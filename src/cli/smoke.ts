/** `jne smoke --url URL [--token T] [--order]`: the runbook's smoke tests, a line each, exit 1 on a failure. */
import { EXIT } from './exit-codes.js';
import { runSmoke } from '../smoke/checks.js';
import { parseOptions } from './args.js';
import { UsageError, type CliIO } from './io.js';

export async function smokeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseOptions(
    'jne smoke',
    argv,
    { url: { type: 'string' }, token: { type: 'string' }, order: { type: 'boolean' } },
    ['url'],
  );
  const url = values.url!;
  if (!/^https?:\/\/[^\s/]+/.test(url))
    throw new UsageError(`--url must be an http(s) URL like https://api.jneoutlet.com, got "${url}"`);
  const token = values.token ?? io.env.JNE_TOKEN;
  const results = await runSmoke({ url, token, order: values.order === true });
  for (const r of results) {
    io.out(`${r.outcome.toUpperCase().padEnd(4)}  ${r.name.padEnd(26)} ${r.detail} (${r.ms} ms)`);
  }
  const failed = results.filter((r) => r.outcome === 'fail').length;
  const passed = results.filter((r) => r.outcome === 'pass').length;
  io.out(
    failed === 0
      ? `All ${passed} smoke tests passed against ${url}.`
      : `${failed} of ${results.length} smoke tests FAILED against ${url}.`,
  );
  return failed === 0 ? EXIT.ok : EXIT.failed;
}
