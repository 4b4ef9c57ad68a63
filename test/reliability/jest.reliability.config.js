/* global module */
// Jest config for the reliability suite (issue 8): faults from the emulator on every route the bot uses, abuse,
// property tests, crash recovery of the built bot process, and load. Run with:
//   npx jest -c test/reliability/jest.reliability.config.js --runInBand
// Process-level tests (crash-*.test.ts) run the built bot: `npm run build` first.
// Every file records its figures; figures-reporter.js merges them into test-output/reliability/figures.json and
// prints one table at the end. Timings are reported, never asserted.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  // The Slack abuse cases (bad signatures, malformed and deeply nested payloads, injection, escaping) live beside the
  // Slack adapter's other tests and run in both suites.
  roots: ['<rootDir>/test/reliability', '<rootDir>/test/bot/slack'],
  testMatch: ['<rootDir>/test/reliability/**/*.test.ts', '<rootDir>/test/bot/slack/slack-hostile.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 120000,
  // Two cores are shared with others; the files start servers and processes of their own.
  maxWorkers: 1,
  // faults-tracking.test.ts runs its six worlds side by side.
  maxConcurrency: 6,
  verbose: true,
  reporters: ['default', '<rootDir>/test/reliability/figures-reporter.js'],
};
