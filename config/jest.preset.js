// Shared Jest preset: SWC transpiles TypeScript (type checking is `npm run typecheck`),
// keeping decorator metadata for NestJS and class-validator. Workspace libs resolve to their
// sources, so tests never need a prior build.
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** @param {string} dir the package folder (pass __dirname) */
module.exports = function preset(dir, overrides = {}) {
  return {
    rootDir: dir,
    testEnvironment: 'node',
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            target: 'es2022',
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
            keepClassNames: true,
          },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
      // jose 6 ships only ES modules; Node loads them with require() at run time, but Jest's
      // CommonJS runtime cannot, so its files are compiled like our own for the tests.
      '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
    },
    transformIgnorePatterns: ['/node_modules/(?!jose/)'],
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper: {
      '^@redress/([a-z-]+)$': path.join(root, 'libs/$1/src'),
    },
    // Unit specs beside the code; integration and end-to-end specs under test/.
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    ...overrides,
  };
};
