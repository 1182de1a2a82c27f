/**
 * vitest setupFile: the test files of a worker share one process (isolate: false in
 * vitest.config.ts), so a file must leave the process as it found it. A file that changes the
 * environment or the working directory, or leaves fake timers on, fails here and names it,
 * instead of breaking whichever file happens to run next in the same worker.
 */
import { afterAll, beforeAll, vi } from 'vitest';

let env: Record<string, string | undefined>;
let cwd: string;

beforeAll(() => {
  env = { ...process.env };
  cwd = process.cwd();
});

afterAll(() => {
  const names = new Set([...Object.keys(env), ...Object.keys(process.env)]);
  const changed = [...names].filter((name) => env[name] !== process.env[name]);
  const problems = [
    ...(changed.length > 0 ? [`changed process.env: ${changed.join(', ')}`] : []),
    ...(process.cwd() !== cwd ? [`changed the working directory to ${process.cwd()}`] : []),
    ...(vi.isFakeTimers() ? ['left fake timers on (vi.useRealTimers())'] : []),
  ];
  if (problems.length > 0) {
    throw new Error(`This file leaves the shared test process changed: ${problems.join('; ')}`);
  }
});
