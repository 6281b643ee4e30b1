#!/usr/bin/env node
// Runs the TypeScript CLI straight from source (tsx is a runtime dependency), so `npx compact-bot`
// works on a fresh clone after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
process.env.COMPACT_BOT_CLI = '1';
await import('../src/cli.ts');
