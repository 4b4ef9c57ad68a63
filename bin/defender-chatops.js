#!/usr/bin/env node
'use strict';
// restify 11 reads process.binding('http_parser') (DEP0111) on Node 20: harmless, and not ours to fix.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? rest[0].code : rest[1];
  if (code === 'DEP0111') return;
  emitWarning(warning, ...rest);
};
// The compiled CLI lives in dist/src/ (dist/emulator/ beside it, loaded only in demo mode); `npm run build` (or
// `npm start`) produces them.
require('../dist/src/cli/main.js')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
