#!/usr/bin/env node
// The strata command. Runs the TypeScript sources through tsx's loader: one tree, no build
// step to forget before `npx strata`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
