/**
 * vitest setupFile: when a test file ends, drops the server databases it disposed of, all at once,
 * and puts its embedded ones back into the template's state for the next files of the worker (see
 * releaseDisposedDatabases), after the file's own afterAll hooks have disposed of theirs.
 */
import { afterAll } from 'vitest';
import { releaseDisposedDatabases } from './databases.js';

afterAll(() => releaseDisposedDatabases());
