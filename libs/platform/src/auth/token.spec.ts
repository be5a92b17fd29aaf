import { SignJWT } from 'jose';
import { developmentTokens, durationSeconds, signDevelopmentToken } from './development-token';
import { InvalidToken, TokenVerifier, authOptionsOf, claimsToUser } from './token-verifier';

const SECRET = 'local-development-secret-0123456789';
const NOW = new Date('2026-03-02T08:00:00Z');

function reasonOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof InvalidToken ? error.reason : `other: ${String(error)}`),
  );
}

describe('signDevelopmentToken', () => {
  it('signs an HS256 token the verifier accepts', async () => {
    const token = signDevelopmentToken({
      sub: 'alice',
      roles: ['agent', 'legal'],
      department: 'logistics',
      secret: SECRET,
      expiresIn: '10m',
    });
    await expect(new TokenVerifier({ jwtSecret: SECRET }).verify(token)).resolves.toEqual({
      sub: 'alice',
      roles: ['agent', 'legal'],
      department: 'logistics',
    });
  });

  it('sets the expiry from the injected clock', () => {
    const token = signDevelopmentToken({
      sub: 'a',
      roles: ['agent'],
      secret: SECRET,
      now: NOW,
      expiresIn: '2h',
    });
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(payload.iat).toBe(NOW.getTime() / 1000);
    expect(payload.exp - payload.iat).toBe(7200);
  });

  it('refuses to run when NODE_ENV=production', () => {
    expect(() =>
      signDevelopmentToken({
        sub: 'a',
        roles: ['admin'],
        secret: SECRET,
        env: { NODE_ENV: 'production' },
      }),
    ).toThrow(/refuses to run with NODE_ENV=production/);
  });

  it('refuses unknown roles, malformed departments and short secrets', () => {
    expect(() => signDevelopmentToken({ sub: 'a', roles: ['root'], secret: SECRET })).toThrow(
      /unknown role/,
    );
    expect(() =>
      signDevelopmentToken({
        sub: 'a',
        roles: ['agent'],
        department: 'Logistics Dept',
        secret: SECRET,
      }),
    ).toThrow(/department key/);
    expect(() => signDevelopmentToken({ sub: 'a', roles: ['agent'], secret: 'short' })).toThrow(
      /32/,
    );
  });

  it.each([
    [90, 90],
    ['45s', 45],
    ['10m', 600],
    ['8h', 28800],
    ['2d', 172800],
  ])('reads the duration %j as %i seconds', (duration, seconds) => {
    expect(durationSeconds(duration)).toBe(seconds);
  });

  it('rejects durations it cannot read', () => {
    expect(() => durationSeconds('soon')).toThrow(/30s, 10m, 8h or 2d/);
    expect(() => durationSeconds(0)).toThrow(/positive/);
  });
});

describe('developmentTokens', () => {
  it('signs tokens with one secret, with a subject of its own unless one is given', async () => {
    const tokenFor = developmentTokens(SECRET);
    const verifier = new TokenVerifier({ jwtSecret: SECRET });
    await expect(verifier.verify(tokenFor({ roles: ['analyst'], sub: 'bob' }))).resolves.toEqual({
      sub: 'bob',
      roles: ['analyst'],
    });
    const [first, second] = await Promise.all([
      verifier.verify(tokenFor({ roles: ['agent'], department: 'quality' })),
      verifier.verify(tokenFor({ roles: ['agent'], department: 'quality' })),
    ]);
    expect(first).toMatchObject({ roles: ['agent'], department: 'quality' });
    expect(first?.sub).toMatch(/^user-[0-9a-f]{8}$/);
    expect(second?.sub).not.toBe(first?.sub);
  });
});

describe('TokenVerifier', () => {
  const verifier = new TokenVerifier({ jwtSecret: SECRET, issuer: 'redress-dev' });
  const key = new TextEncoder().encode(SECRET);

  it('rejects an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ roles: ['agent'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer('redress-dev')
      .setExpirationTime(now - 60)
      .sign(key);
    await expect(reasonOf(verifier.verify(token))).resolves.toBe('the token has expired');
  });

  it('remembers a verified token until its expiry, and never a refused one', async () => {
    const cached = new TokenVerifier({ jwtSecret: SECRET, issuer: 'redress-dev' });
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ roles: ['agent'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer('redress-dev')
      .setExpirationTime(now + 30)
      .sign(key);
    const first = await cached.verify(token);
    first.roles.push('admin');
    await expect(cached.verify(token)).resolves.toEqual({ sub: 'alice', roles: ['agent'] });

    // Past `exp` and the allowed skew: verified again, and refused.
    jest.useFakeTimers({ now: (now + 40) * 1000, doNotFake: ['nextTick', 'queueMicrotask'] });
    try {
      await expect(reasonOf(cached.verify(token))).resolves.toBe('the token has expired');
      await expect(reasonOf(cached.verify(token))).resolves.toBe('the token has expired');
    } finally {
      jest.useRealTimers();
    }

    const forged = `${token.slice(0, -4)}AAAA`;
    await expect(reasonOf(cached.verify(forged))).resolves.toBe('the token is not valid');
    await expect(reasonOf(cached.verify(forged))).resolves.toBe('the token is not valid');
  });

  it('rejects a token from another issuer', async () => {
    const token = await new SignJWT({ roles: ['agent'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer('someone-else')
      .setExpirationTime('5m')
      .sign(key);
    await expect(reasonOf(verifier.verify(token))).resolves.toBe(
      'the token\'s "iss" claim is not accepted',
    );
  });

  it('rejects a token without an expiry, which would stay valid forever', async () => {
    const token = await new SignJWT({ roles: ['agent'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer('redress-dev')
      .sign(key);
    await expect(reasonOf(verifier.verify(token))).resolves.toBe(
      'the token has no expiry ("exp" claim)',
    );
  });

  it('refuses to be built for production without an https key set, an issuer and an audience', () => {
    const production = {
      jwksUrl: 'https://sso.example.com/certs',
      issuer: 'https://sso.example.com',
      audience: 'redress',
      production: true,
    };
    expect(() => new TokenVerifier(production)).not.toThrow();
    expect(() => new TokenVerifier({ ...production, issuer: undefined })).toThrow(/AUTH_ISSUER/);
    expect(() => new TokenVerifier({ ...production, audience: undefined })).toThrow(
      /AUTH_AUDIENCE/,
    );
    expect(() => new TokenVerifier({ ...production, jwksUrl: 'http://sso/certs' })).toThrow(
      /AUTH_JWKS_URL must be an https/,
    );
    expect(
      () => new TokenVerifier({ jwtSecret: SECRET, issuer: 'i', audience: 'a', production: true }),
    ).toThrow(/AUTH_JWT_SECRET is refused/);
  });

  it('takes its options from the configuration, production included', () => {
    expect(
      authOptionsOf({
        NODE_ENV: 'production',
        AUTH_JWKS_URL: 'https://sso/certs',
        AUTH_ISSUER: 'https://sso',
        AUTH_AUDIENCE: 'redress',
      }),
    ).toEqual({
      jwksUrl: 'https://sso/certs',
      issuer: 'https://sso',
      audience: 'redress',
      production: true,
    });
    expect(authOptionsOf({ NODE_ENV: 'test', AUTH_JWT_SECRET: SECRET })).toEqual({
      jwtSecret: SECRET,
      production: false,
    });
  });

  it('rejects an unsigned token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'mallory', roles: ['admin'] })).toString(
      'base64url',
    );
    await expect(reasonOf(verifier.verify(`${header}.${body}.`))).resolves.toBe(
      'the token is not valid',
    );
  });

  it('refuses to be built with both or neither key source, or a short secret', () => {
    expect(() => new TokenVerifier({ jwtSecret: SECRET, jwksUrl: 'https://sso/certs' })).toThrow(
      /not both/,
    );
    expect(() => new TokenVerifier({})).toThrow(/AUTH_JWT_SECRET .*AUTH_JWKS_URL/);
    expect(() => new TokenVerifier({ jwtSecret: 'short' })).toThrow(/32/);
  });
});

describe('claimsToUser', () => {
  it('keeps known roles, drops unknown ones, and reads the department', () => {
    expect(
      claimsToUser({
        sub: 'bob',
        roles: ['agent', 'offline_access', 'agent'],
        department: 'quality',
      }),
    ).toEqual({
      sub: 'bob',
      roles: ['agent'],
      department: 'quality',
    });
  });

  it('treats missing roles as none', () => {
    expect(claimsToUser({ sub: 'bob' })).toEqual({ sub: 'bob', roles: [] });
  });

  it('rejects a token without a subject, with roles that are not a list, or a bad department', () => {
    expect(() => claimsToUser({ roles: ['agent'] })).toThrow(InvalidToken);
    expect(() => claimsToUser({ sub: 'bob', roles: 'agent' })).toThrow(/not a list/);
    expect(() => claimsToUser({ sub: 'bob', department: 42 })).toThrow(/department/);
  });
});
