#!/usr/bin/env node
// The `backprop` command: runs the TypeScript CLI through tsx (a runtime dependency), no build step.
import { tsImport } from 'tsx/esm/api';

// A closed pipe (`backprop predict … | head`) ends the command quietly.
process.stdout.on('error', (error) => { if (error.code === 'EPIPE') process.exit(0); throw error; });

const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
