/** Process entry of the jne command (bin/jne.js). */
import { processIO } from './io.js';
import { runCli } from './main.js';

// A reader that stops early (`jne db status | head`) closes the pipe: the output is not wanted
// any more, which is not an error of the command.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIO);
