import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { ensureTestInfra, serviceDbUrl, testConfig, uniqueName } from '@redress/testing';
import { CompiledService, buildServices } from './compiled-service';

/**
 * Issue 10, production authentication: with NODE_ENV=production the built service refuses to
 * start without AUTH_ISSUER, AUTH_AUDIENCE and an https JWKS, and accepts only RS256/ES256
 * tokens of that issuer, for that audience, that expire. The identity provider is this test: it
 * serves an RS256 key set over https with a certificate made for the run, which the service
 * trusts through NODE_EXTRA_CA_CERTS, as it would trust a company's own CA.
 */

const ISSUER = 'https://sso.example.test/realms/redress';
const AUDIENCE = 'redress-api';

let workDir: string;
let keySet: Server;
let jwksUrl: string;
let signingKey: CryptoKey;
let service: CompiledService | undefined;

/** The environment of a production intake, with `changes` applied (undefined removes one). */
function productionEnv(changes: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'production',
    DATABASE_URL: serviceDbUrl('intake'),
    KAFKA_BROKERS: testConfig().kafkaBrokers,
    KAFKA_TOPIC_PREFIX: testConfig().topicPrefix,
    INTAKE_CONSUMER_GROUP: uniqueName('intake-production'),
    INTAKE_DATA_KEY: randomBytes(32).toString('base64'),
    INTAKE_CUSTOMER_REF_KEY: randomBytes(32).toString('base64'),
    INTAKE_ACCESS_CODE_KEY: randomBytes(32).toString('base64'),
    AUTH_JWKS_URL: jwksUrl,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    NODE_EXTRA_CA_CERTS: join(workDir, 'cert.pem'),
    LOG_LEVEL: 'warn',
    ...changes,
  };
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

beforeAll(async () => {
  await ensureTestInfra();
  buildServices('@redress/intake');
  workDir = mkdtempSync(join(tmpdir(), 'redress-idp-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      join(workDir, 'key.pem'),
      '-out',
      join(workDir, 'cert.pem'),
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const pair = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' };
  keySet = createServer(
    { key: readFileSync(join(workDir, 'key.pem')), cert: readFileSync(join(workDir, 'cert.pem')) },
    (_req, res) => {
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ keys: [jwk] }));
    },
  );
  await new Promise<void>((resolve) => keySet.listen(0, '127.0.0.1', resolve));
  jwksUrl = `https://127.0.0.1:${(keySet.address() as AddressInfo).port}/protocol/openid-connect/certs`;
}, 300_000);

afterAll(async () => {
  await service?.stop('SIGTERM');
  keySet?.closeAllConnections();
  await new Promise<void>((resolve) => (keySet ? keySet.close(() => resolve()) : resolve()));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** Each case: what is missing, the environment's changes, what the refusal says. */
const REFUSALS: Array<[string, Record<string, string | undefined>, RegExp]> = [
  ['AUTH_ISSUER', { AUTH_ISSUER: undefined }, /AUTH_ISSUER: is required when NODE_ENV=production/],
  [
    'AUTH_AUDIENCE',
    { AUTH_AUDIENCE: undefined },
    /AUTH_AUDIENCE: is required when NODE_ENV=production/,
  ],
  [
    'AUTH_JWKS_URL',
    { AUTH_JWKS_URL: undefined },
    /AUTH_JWKS_URL: is required when NODE_ENV=production/,
  ],
  [
    'an https AUTH_JWKS_URL',
    { AUTH_JWKS_URL: 'http://127.0.0.1:8080/certs' },
    /AUTH_JWKS_URL: must be an https:\/\/ URL when NODE_ENV=production/,
  ],
  [
    'AUTH_JWKS_URL instead of AUTH_JWT_SECRET',
    { AUTH_JWKS_URL: undefined, AUTH_JWT_SECRET: randomBytes(32).toString('hex') },
    /AUTH_JWT_SECRET: refused when NODE_ENV=production/,
  ],
];

describe('with NODE_ENV=production', () => {
  describe('start-up', () => {
    const refused = new Map<string, CompiledService>();

    // Started side by side: each stops at its configuration, before touching anything else.
    beforeAll(async () => {
      for (const [name, changes] of REFUSALS) {
        refused.set(name, await CompiledService.spawn('intake', productionEnv(changes)));
      }
      await Promise.all([...refused.values()].map((child) => child.exitStatus()));
    }, 120_000);

    it.each(REFUSALS)(
      'refuses to start without %s, naming the variable',
      async (name, _changes, message) => {
        const child = refused.get(name);
        expect(await child?.exitStatus()).toBe(1);
        expect(child?.printed).toMatch(/intake failed to start: invalid configuration/);
        expect(child?.printed).toMatch(message);
      },
    );
  });

  describe('tokens', () => {
    beforeAll(async () => {
      service = await CompiledService.start('intake', productionEnv());
    }, 90_000);

    function token(
      claims: JWTPayload,
      options: { expires?: string | number | null; alg?: 'RS256' | 'HS256' } = {},
    ): Promise<string> {
      const jwt = new SignJWT({ roles: ['supervisor'], ...claims })
        .setProtectedHeader(
          options.alg === 'HS256' ? { alg: 'HS256' } : { alg: 'RS256', kid: 'rsa-1' },
        )
        .setSubject('carol')
        .setIssuedAt();
      if (options.expires !== null) jwt.setExpirationTime(options.expires ?? '5m');
      return options.alg === 'HS256'
        ? jwt.sign(new TextEncoder().encode(randomBytes(32).toString('hex')))
        : jwt.sign(signingKey);
    }

    async function list(bearer: string): Promise<{ status: number; body: { detail?: string } }> {
      const res = await fetch(`${service!.url}/complaints?limit=1`, {
        headers: { authorization: `Bearer ${bearer}` },
      });
      return { status: res.status, body: (await res.json()) as { detail?: string } };
    }

    it('accepts an RS256 token of the identity provider, for this audience, that expires', async () => {
      const ok = await list(await token({ iss: ISSUER, aud: AUDIENCE }));
      expect(ok.status).toBe(200);
    });

    it.each([
      ['without exp', { iss: ISSUER, aud: AUDIENCE }, { expires: null }, /no expiry/],
      [
        'from another issuer',
        { iss: 'https://elsewhere.example.test', aud: AUDIENCE },
        {},
        /"iss"/,
      ],
      ['for another audience', { iss: ISSUER, aud: 'another-app' }, {}, /"aud"/],
      [
        'that has expired',
        { iss: ISSUER, aud: AUDIENCE },
        { expires: Math.floor(Date.now() / 1000) - 600 },
        /expired/,
      ],
      ['signed with HS256', { iss: ISSUER, aud: AUDIENCE }, { alg: 'HS256' as const }, /not valid/],
    ])('refuses a token %s with 401', async (_case, claims, options, reason) => {
      const refused = await list(await token(claims, options));
      expect(refused.status).toBe(401);
      expect(refused.body.detail).toMatch(reason);
    });
  });
});
