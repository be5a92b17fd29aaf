// Lets `npx jest path/to/file` work from the repository root; `npm test` runs per package.
module.exports = {
  projects: [
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/apps/*/jest.config.js',
    '<rootDir>/infra/jest.config.js',
  ],
};
