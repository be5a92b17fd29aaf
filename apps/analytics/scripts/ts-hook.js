// Lets `node -r ./scripts/ts-hook.js script.ts` run the evaluation and benchmark scripts from
// their TypeScript sources, compiled by SWC as Jest's preset does (no build needed); workspace
// libraries resolve to their sources as in the Jest preset.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const lib = /^@redress\/([a-z-]+)$/.exec(request);
  if (lib) return resolve.call(this, path.join(root, 'libs', lib[1], 'src'), ...rest);
  return resolve.call(this, request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
