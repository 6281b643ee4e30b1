#!/usr/bin/env node
// Runs the TypeScript CLI straight from source (tsx is a runtime dependency), so `npx compact-bot`
// works on a fresh clone after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
