#!/usr/bin/env node
// The `sitediff` command runs the TypeScript sources directly through tsx, so a fresh clone needs
// no build step before `npx sitediff ...`.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('./main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
