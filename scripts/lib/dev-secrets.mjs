// Development secrets: generated once into the git-ignored .run/ folder and reused, so tokens
// from `npm run token` stay valid across `npm start` restarts and encrypted data stays
// readable. Never used when NODE_ENV=production.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextEncoder } from 'node:util';
import { UserError, repoRoot } from './repo.mjs';

export const runDir = join(repoRoot, '.run');

/** Variables `npm start` fills from .run/ when the environment does not set them. */
export const DEV_SECRETS = [
  // HS256 secret shared by every service and `npm run token`.
  {
    variable: 'AUTH_JWT_SECRET',
    file: 'dev-jwt-secret',
    generate: () => randomBytes(32).toString('base64url'),
  },
  // Intake's key-encryption key and customerRef HMAC key: base64 of 32 bytes each.
  {
    variable: 'INTAKE_DATA_KEY',
    file: 'dev-intake-data-key',
    generate: () => randomBytes(32).toString('base64'),
  },
  {
    variable: 'INTAKE_CUSTOMER_REF_KEY',
    file: 'dev-intake-customer-ref-key',
    generate: () => randomBytes(32).toString('base64'),
  },
  // Intake's key of the public status page (access codes as HMACs, rate-limit keys).
  {
    variable: 'INTAKE_ACCESS_CODE_KEY',
    file: 'dev-intake-access-code-key',
    generate: () => randomBytes(32).toString('base64'),
  },
];

/** Reads `.run/<file>`, creating it first when absent; two concurrent callers get one value. */
export function readOrCreateSecret(file, generate) {
  const path = join(runDir, file);
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  // Written aside, then linked into place: link fails when the file exists, so a concurrent
  // first run neither overwrites a secret nor reads a half-written one.
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, generate(), { mode: 0o600 });
  try {
    linkSync(draft, path);
  } catch (error) {
    if (!(error && typeof error === 'object' && error.code === 'EEXIST')) throw error;
  } finally {
    unlinkSync(draft);
  }
  const value = readFileSync(path, 'utf8').trim();
  if (!value) throw new Error(`${path} is empty; delete it to generate a new secret`);
  return value;
}

/** The value of a development secret: the environment's, else the one kept in .run/. */
export function devSecret(variable, env = process.env) {
  if (env[variable]) return env[variable];
  const secret = DEV_SECRETS.find((s) => s.variable === variable);
  if (!secret) throw new Error(`no development secret is defined for ${variable}`);
  return readOrCreateSecret(secret.file, secret.generate);
}

/** Every development secret the environment does not set, as environment entries. */
export function devSecretsEnv(env = process.env) {
  return Object.fromEntries(
    DEV_SECRETS.map(({ variable }) => [variable, devSecret(variable, env)]),
  );
}

/**
 * An admin token signed with the development secret, for the command-line tools that call a
 * service of the local platform (`npm run rebuild`, `npm run import`); refused with
 * NODE_ENV=production, where the identity provider's token must be given (`--token`).
 */
export async function developmentAdminToken(env, subject, expiresIn = '2h') {
  if (env.NODE_ENV === 'production') {
    throw new UserError('give --token: development tokens are refused with NODE_ENV=production');
  }
  const { SignJWT } = await import('jose');
  const secret = new TextEncoder().encode(devSecret('AUTH_JWT_SECRET', env));
  return new SignJWT({ roles: ['admin'] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(secret);
}
