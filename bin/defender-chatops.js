#!/usr/bin/env node
'use strict';
// The compiled CLI lives in dist/; `npm run build` (or `npm start`) produces it.
require('../dist/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.message : err); process.exitCode = 1; },
);
