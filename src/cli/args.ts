/** Strict option parsing for the jne commands: an unknown or missing option is a usage error. */
import { parseArgs } from 'node:util';
import { UsageError } from './io.js';

type Spec = Record<string, { type: 'string' | 'boolean' }>;

export function parseOptions<S extends Spec>(
  command: string,
  argv: string[],
  spec: S,
  required: (keyof S & string)[] = [],
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  for (const name of required) {
    if (values[name] === undefined || values[name] === '') {
      throw new UsageError(`${command} needs --${name}`);
    }
  }
  return {
    values: parsed.values as { [K in keyof S]?: S[K]['type'] extends 'string' ? string : boolean },
    positionals: parsed.positionals,
  };
}
