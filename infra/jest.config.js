// The manifests' tests: they render every overlay with `kubectl kustomize` and validate what
// comes out, and check docker-compose.yml. No broker or database is needed.
module.exports = require('../config/jest.preset')(__dirname, {
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  // Rendering and the TypeScript check of every object take a few seconds per overlay.
  testTimeout: 120_000,
  // infra/kafka holds the local broker's jars and data.
  modulePathIgnorePatterns: ['<rootDir>/kafka/'],
});
