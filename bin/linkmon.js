#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// A reader that went away (`linkmon … | head`) is not an error: stop quietly.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2));
