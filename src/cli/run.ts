/** Process entry of the jne command (bin/jne.js). */
import { processIO } from './io.js';
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2), processIO);
