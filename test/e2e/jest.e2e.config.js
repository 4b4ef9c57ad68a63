/* global module */
// Jest config for the end-to-end suite (Teams bot driven through the Microsoft 365 Agents Playground
// in Debian's Chromium). Run with: npx jest -c test/e2e/jest.e2e.config.js
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // A cold page load of the playground UI (9 MB bundle) takes ~6-8 s on 2 cores; each test starts
  // its own playground, so be generous per test but bounded (see test/e2e/harness/proc.ts for the hard
  // caps on every spawned process).
  testTimeout: 180000,
  // One browser, one bot, one playground at a time: run in band.
  maxWorkers: 1,
  verbose: true,
};
