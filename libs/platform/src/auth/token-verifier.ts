import { createSecretKey } from 'node:crypto';
import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { DEPARTMENT_KEY, isRole, type AuthUser } from './auth-user';

export interface AuthOptions {
  /** HS256 shared secret (local development and tests), at least 32 characters. */
  jwtSecret?: string;
  /** The identity provider's JWKS (production): RS256 or ES256 tokens. */
  jwksUrl?: string;
  /** Expected `iss`, when set. */
  issuer?: string;
  /** Expected `aud`, when set. */
  audience?: string;
  /** Allowed clock skew between this service and the token's issuer; 5 seconds by default. */
  clockToleranceSeconds?: number;
  /**
   * Verified tokens remembered (least recently used evicted), so a client that sends the same
   * token with every request is verified once; 0 turns the cache off. 1,000 by default.
   */
  cacheSize?: number;
  /**
   * `NODE_ENV=production`: the verifier refuses to be built without an https JWKS, an issuer and
   * an audience (the configuration already refuses to load; this holds for any other caller).
   */
  production?: boolean;
}

/** What the verifier needs from a service's configuration (BaseServiceConfig). */
export interface AuthSettings {
  NODE_ENV: string;
  AUTH_JWT_SECRET?: string | undefined;
  AUTH_JWKS_URL?: string | undefined;
  AUTH_ISSUER?: string | undefined;
  AUTH_AUDIENCE?: string | undefined;
}

/** `AuthModule.forRoot(authOptionsOf(config))`: the auth variables as verifier options. */
export function authOptionsOf(config: AuthSettings): AuthOptions {
  return {
    ...(config.AUTH_JWT_SECRET ? { jwtSecret: config.AUTH_JWT_SECRET } : {}),
    ...(config.AUTH_JWKS_URL ? { jwksUrl: config.AUTH_JWKS_URL } : {}),
    ...(config.AUTH_ISSUER ? { issuer: config.AUTH_ISSUER } : {}),
    ...(config.AUTH_AUDIENCE ? { audience: config.AUTH_AUDIENCE } : {}),
    production: config.NODE_ENV === 'production',
  };
}

/** A verified token is remembered at most this long, and never past its `exp`. */
const CACHE_TTL_MS = 60_000;

interface CachedUser {
  user: AuthUser;
  /** Epoch ms after which the entry is not used. */
  until: number;
}

export const MIN_SECRET_LENGTH = 32;
export const JWKS_ALGORITHMS = ['RS256', 'ES256'];

/** The token is missing a piece, forged, expired or not for us: 401. */
export class InvalidToken extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidToken';
  }
}

/** The identity provider's keys could not be fetched: the caller is not at fault, 503. */
export class IdentityProviderUnavailable extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the identity provider did not answer with its signing keys', options);
    this.name = 'IdentityProviderUnavailable';
  }
}

/**
 * Verifies a bearer token and reads the Redress claims from it. HS256 with a local secret, or
 * RS256/ES256 against a remote JWKS (jose caches the key set and refetches on an unknown `kid`).
 */
export class TokenVerifier {
  private readonly verifyJwt: (token: string) => Promise<JWTPayload>;
  private readonly remote: boolean;
  private readonly cacheSize: number;
  /** Insertion order is recency order: a hit is moved to the end, the first entry evicted. */
  private readonly cache = new Map<string, CachedUser>();

  constructor(options: AuthOptions) {
    const secret = options.jwtSecret || undefined;
    const jwksUrl = options.jwksUrl || undefined;
    if (secret !== undefined && jwksUrl !== undefined) {
      throw new Error('auth: configure AUTH_JWT_SECRET or AUTH_JWKS_URL, not both');
    }
    if (options.production === true) assertProductionReady(secret, jwksUrl, options);
    const common: JWTVerifyOptions = {
      clockTolerance: options.clockToleranceSeconds ?? 5,
      // A token without an expiry would stay valid forever once leaked.
      requiredClaims: ['exp'],
      ...(options.issuer ? { issuer: options.issuer } : {}),
      ...(options.audience ? { audience: options.audience } : {}),
    };
    if (jwksUrl !== undefined) {
      const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(jwksUrl));
      const verifyOptions = { ...common, algorithms: JWKS_ALGORITHMS };
      this.verifyJwt = async (token) => (await jwtVerify(token, keys, verifyOptions)).payload;
      this.remote = true;
    } else if (secret !== undefined) {
      if (secret.length < MIN_SECRET_LENGTH) {
        throw new Error(`auth: AUTH_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
      }
      // Imported once: jose would otherwise import a raw secret on every verification.
      const key = createSecretKey(Buffer.from(secret, 'utf8'));
      const verifyOptions = { ...common, algorithms: ['HS256'] };
      this.verifyJwt = async (token) => (await jwtVerify(token, key, verifyOptions)).payload;
      this.remote = false;
    } else {
      throw new Error(
        'auth: configure AUTH_JWT_SECRET (development) or AUTH_JWKS_URL (production)',
      );
    }
    const cacheSize = options.cacheSize ?? 1000;
    if (!Number.isInteger(cacheSize) || cacheSize < 0) {
      throw new Error(
        `auth: the token cache size must be a non-negative integer, got ${cacheSize}`,
      );
    }
    this.cacheSize = cacheSize;
  }

  /** Resolves the caller, or rejects with InvalidToken or IdentityProviderUnavailable. */
  async verify(token: string): Promise<AuthUser> {
    const now = Date.now();
    const cached = this.cache.get(token);
    if (cached) {
      this.cache.delete(token);
      if (now < cached.until) {
        this.cache.set(token, cached);
        return copyOf(cached.user);
      }
    }
    let payload: JWTPayload;
    try {
      payload = await this.verifyJwt(token);
    } catch (error: unknown) {
      throw this.classify(error);
    }
    const user = claimsToUser(payload);
    this.remember(token, user, payload, now);
    return copyOf(user);
  }

  /** Only tokens that passed every check; kept until `exp` at the latest (no skew allowance). */
  private remember(token: string, user: AuthUser, payload: JWTPayload, now: number): void {
    if (this.cacheSize === 0) return;
    let until = now + CACHE_TTL_MS;
    if (typeof payload.exp === 'number') until = Math.min(until, payload.exp * 1000);
    if (until <= now) return;
    this.cache.set(token, { user: copyOf(user), until });
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  private classify(error: unknown): Error {
    if (error instanceof errors.JWTExpired) return new InvalidToken('the token has expired');
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.claim === 'exp' && error.reason === 'missing') {
        return new InvalidToken('the token has no expiry ("exp" claim)');
      }
      return new InvalidToken(`the token's "${error.claim}" claim is not accepted`);
    }
    if (this.remote && isKeySetFailure(error))
      return new IdentityProviderUnavailable({ cause: error });
    if (error instanceof errors.JOSEError) return new InvalidToken('the token is not valid');
    return this.remote
      ? new IdentityProviderUnavailable({ cause: error })
      : new InvalidToken('the token is not valid');
  }
}

/** The production rules of BaseServiceConfig, checked again where tokens are verified. */
function assertProductionReady(
  secret: string | undefined,
  jwksUrl: string | undefined,
  options: AuthOptions,
): void {
  const problems: string[] = [];
  if (secret !== undefined) problems.push('AUTH_JWT_SECRET is refused');
  if (jwksUrl === undefined || !URL.canParse(jwksUrl) || new URL(jwksUrl).protocol !== 'https:') {
    problems.push('AUTH_JWKS_URL must be an https:// URL');
  }
  if (!options.issuer) problems.push('AUTH_ISSUER is required');
  if (!options.audience) problems.push('AUTH_AUDIENCE is required');
  if (problems.length > 0) {
    throw new Error(`auth: with NODE_ENV=production ${problems.join('; ')}`);
  }
}

function copyOf(user: AuthUser): AuthUser {
  return { ...user, roles: [...user.roles] };
}

/** Fetching or reading the key set failed (network, timeout, not a JWKS), not the token. */
function isKeySetFailure(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  // jose reports a non-200 answer of the JWKS endpoint with its generic error class.
  return error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC';
}

/**
 * `sub` is required; `roles` is a list (roles this version does not know are dropped, so a newer
 * identity provider does not lock users out); `department` a department key when present.
 */
export function claimsToUser(payload: JWTPayload): AuthUser {
  const { sub } = payload;
  if (typeof sub !== 'string' || sub.length === 0)
    throw new InvalidToken('the token has no subject');
  const roles: unknown = payload['roles'] ?? [];
  if (!Array.isArray(roles)) throw new InvalidToken('the token\'s "roles" claim is not a list');
  const department: unknown = payload['department'];
  if (
    department !== undefined &&
    (typeof department !== 'string' || !DEPARTMENT_KEY.test(department))
  ) {
    throw new InvalidToken('the token\'s "department" claim is not a department key');
  }
  return {
    sub,
    roles: [...new Set(roles.filter(isRole))],
    ...(department !== undefined ? { department } : {}),
  };
}
