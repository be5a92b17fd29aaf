// `npm run screenshots`: not a test of the suite, the README's pictures (test/screenshots.ts).
module.exports = require('../../config/jest.preset')(__dirname, {
  testMatch: ['<rootDir>/test/screenshots.ts'],
});
