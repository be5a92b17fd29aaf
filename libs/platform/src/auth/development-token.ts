import { createHmac, randomUUID } from 'node:crypto';
import { DEPARTMENT_KEY, isRole } from './auth-user';
import { MIN_SECRET_LENGTH } from './token-verifier';

export interface DevelopmentTokenOptions {
  sub: string;
  roles: readonly string[];
  department?: string;
  /** The services' AUTH_JWT_SECRET. */
  secret: string;
  /** Seconds, or a duration such as `30s`, `10m`, `8h`, `2d`; 8 hours by default. */
  expiresIn?: number | string;
  issuer?: string;
  audience?: string;
  /** Injected clock for tests. */
  now?: Date;
  /** Read for NODE_ENV; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
}

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Signs an HS256 token for local use (`npm run token`, tests). Synchronous on purpose, so test
 * helpers stay plain functions. Refuses to run when NODE_ENV=production: production tokens come
 * from the identity provider, and a signing secret has no business being there.
 */
export function signDevelopmentToken(options: DevelopmentTokenOptions): string {
  const env = options.env ?? process.env;
  if (env['NODE_ENV'] === 'production') {
    throw new Error(
      'signDevelopmentToken refuses to run with NODE_ENV=production; get a token from the identity provider',
    );
  }
  if (options.sub.length === 0) throw new Error('signDevelopmentToken: sub is required');
  const unknown = options.roles.filter((role) => !isRole(role));
  if (unknown.length > 0)
    throw new Error(`signDevelopmentToken: unknown role(s) ${unknown.join(', ')}`);
  if (options.department !== undefined && !DEPARTMENT_KEY.test(options.department)) {
    throw new Error(`signDevelopmentToken: "${options.department}" is not a department key`);
  }
  if (options.secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `signDevelopmentToken: the secret must be at least ${MIN_SECRET_LENGTH} characters`,
    );
  }
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload = {
    sub: options.sub,
    roles: [...new Set(options.roles)],
    ...(options.department !== undefined ? { department: options.department } : {}),
    ...(options.issuer !== undefined ? { iss: options.issuer } : {}),
    ...(options.audience !== undefined ? { aud: options.audience } : {}),
    iat: issuedAt,
    exp: issuedAt + durationSeconds(options.expiresIn ?? '8h'),
    jti: randomUUID(),
  };
  const signingInput = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(payload)}`;
  const signature = createHmac('sha256', Buffer.from(options.secret, 'utf8'))
    .update(signingInput)
    .digest('base64url');
  return `${signingInput}.${signature}`;
}

export function durationSeconds(duration: number | string): number {
  if (typeof duration === 'number') {
    if (!Number.isInteger(duration) || duration <= 0) {
      throw new Error(`expiresIn must be a positive number of seconds (got ${duration})`);
    }
    return duration;
  }
  const match = /^(\d+)\s*([smhd]?)$/.exec(duration.trim());
  const amount = match?.[1];
  if (amount === undefined || Number(amount) <= 0) {
    throw new Error(`expiresIn "${duration}" should look like 30s, 10m, 8h or 2d`);
  }
  return Number(amount) * (UNITS[match?.[2] || 's'] ?? 1);
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Who a development token is for: roles, a department, and a subject (random when omitted). */
export interface DevelopmentClaims {
  roles: readonly string[];
  department?: string;
  sub?: string;
}

/**
 * A signer of short-lived development tokens with one secret, for a service's tests:
 * `const tokenFor = developmentTokens(secret); tokenFor({ roles: ['agent'] })`.
 */
export function developmentTokens(
  secret: string,
  expiresIn: number | string = '10m',
): (claims: DevelopmentClaims) => string {
  return (claims) =>
    signDevelopmentToken({
      sub: claims.sub ?? `user-${randomUUID().slice(0, 8)}`,
      roles: claims.roles,
      ...(claims.department !== undefined ? { department: claims.department } : {}),
      secret,
      expiresIn,
    });
}
