/**
 * vitest setupFile: drops the server databases a test file disposed of, all at once when the file
 * ends (see dropDisposedDatabases), after the file's own afterAll hooks have disposed of theirs.
 */
import { afterAll } from 'vitest';
import { dropDisposedDatabases } from './databases.js';

afterAll(() => dropDisposedDatabases());
