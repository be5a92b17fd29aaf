#!/usr/bin/env node
// Prints a development bearer token for the local services (HS256, AUTH_JWT_SECRET or the
// secret `npm start` keeps in .run/). Only the token goes to stdout:
//
//   TOKEN=$(npm run -s token -- --sub alice --roles agent,supervisor --department logistics)
//
// Options: --sub <id> (required), --roles <role,…> (required; repeatable), --department <name>,
// --expires <duration> (default 8h; e.g. 30m, 2d). AUTH_ISSUER / AUTH_AUDIENCE, when set, become
// the token's iss / aud. Refuses to run when NODE_ENV=production.
import { pathToFileURL } from 'node:url';
import { TextEncoder } from 'node:util';
import { UserError, ensureDependencies, main } from './lib/repo.mjs';

// CONTRACT.md, "Auth": the roles a token may carry.
export const ROLES = [
  'channel',
  'agent',
  'supervisor',
  'department_head',
  'legal',
  'analyst',
  'admin',
];

const USAGE =
  'usage: npm run token -- --sub <id> --roles <role>[,<role>…] [--department <name>] [--expires 8h]\n' +
  `roles: ${ROLES.join(', ')}`;

export function parseTokenArgs(argv) {
  const options = { roles: [], expires: '8h' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new UserError(USAGE);
    const match = /^--(sub|roles|role|department|expires)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UserError(`unknown argument ${arg}\n${USAGE}`);
    const [, name, inline] = match;
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw new UserError(`--${name} needs a value\n${USAGE}`);
    }
    if (name === 'roles' || name === 'role') {
      options.roles.push(
        ...value
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean),
      );
    } else {
      options[name] = value;
    }
  }
  if (!options.sub) throw new UserError(`--sub is required\n${USAGE}`);
  if (options.roles.length === 0) throw new UserError(`--roles is required\n${USAGE}`);
  const unknown = options.roles.filter((role) => !ROLES.includes(role));
  if (unknown.length > 0) {
    throw new UserError(`unknown role(s): ${unknown.join(', ')}; known roles: ${ROLES.join(', ')}`);
  }
  options.roles = [...new Set(options.roles)];
  if (options.department !== undefined && !/^[a-z][a-z0-9-]*$/.test(options.department)) {
    throw new UserError(
      `--department "${options.department}" should be a department key such as customer-service, quality, logistics`,
    );
  }
  return options;
}

async function cli(argv, env = process.env) {
  if (env.NODE_ENV === 'production') {
    throw new UserError(
      'npm run token refuses to run with NODE_ENV=production: development tokens are signed with a ' +
        'local secret. Get a token from your identity provider (AUTH_JWKS_URL) instead.',
    );
  }
  const options = parseTokenArgs(argv);
  await ensureDependencies({ stdoutToStderr: true });
  const { SignJWT } = await import('jose');
  const { devSecret } = await import('./lib/dev-secrets.mjs');
  const secret = new TextEncoder().encode(devSecret('AUTH_JWT_SECRET', env));
  const jwt = new SignJWT({
    roles: options.roles,
    ...(options.department ? { department: options.department } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuedAt();
  if (env.AUTH_ISSUER) jwt.setIssuer(env.AUTH_ISSUER);
  if (env.AUTH_AUDIENCE) jwt.setAudience(env.AUTH_AUDIENCE);
  try {
    jwt.setExpirationTime(options.expires);
  } catch {
    throw new UserError(`--expires "${options.expires}" is not a duration such as 30m, 8h or 2d`);
  }
  process.stdout.write(`${await jwt.sign(secret)}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(() => cli(process.argv.slice(2)));
}
