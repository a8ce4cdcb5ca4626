#!/usr/bin/env node
// The `backprop` command: runs the TypeScript CLI through tsx (a runtime dependency). The generated sources
// (kernel modules, export runtimes) are brought up to date first: a no-op unless a clean clone or an edit
// left them missing or older than their inputs. Its messages go to stderr, stdout stays the command's.
import { tsImport } from 'tsx/esm/api';
import { buildWasm } from '../scripts/build-wasm.mjs';

// A closed pipe (`backprop predict … | head`) ends the command quietly.
process.stdout.on('error', (error) => { if (error.code === 'EPIPE') process.exit(0); throw error; });

await buildWasm({ log: (line) => { if (!line.endsWith('up to date')) process.stderr.write(`${line}\n`); } });
const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
