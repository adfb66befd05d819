#!/usr/bin/env node
import { runCommand } from './commands.js';

runCommand(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err) => {
    console.error(`medianest: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
