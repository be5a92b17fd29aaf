// The console's end-to-end suite: a real Chromium against the real services (test/*.e2e-spec.ts).
module.exports = require('../../config/jest.preset')(__dirname, {
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  // Each file starts the platform on the same database (test/platform.ts): one file at a time.
  maxWorkers: 1,
});
