import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import request from 'supertest';
import type { App } from 'supertest/types';
import {
  IdentityProviderUnavailable,
  InvalidToken,
  TokenVerifier,
  configureServiceApp,
  initServiceApp,
  serviceHttpAdapter,
} from '../src';
import { SampleModule } from './fixtures/sample.module';

/** A stand-in for the identity provider's JWKS endpoint (what Keycloak serves at /certs). */
class KeySetServer {
  private server: Server | undefined;
  keys: JWK[] = [];
  failing = false;

  async start(): Promise<string> {
    this.server = createServer((_req, res) => {
      if (this.failing) {
        res.writeHead(500).end();
        return;
      }
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ keys: this.keys }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/certs`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

async function signingKey(
  alg: 'RS256' | 'ES256',
  kid: string,
): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair(alg);
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

function tokenSignedBy(key: CryptoKey, alg: string, kid: string, claims: Record<string, unknown>) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, kid })
    .setSubject('carol')
    .setIssuer('https://sso.example.com/realms/redress')
    .setAudience('redress')
    .setExpirationTime('5m')
    .sign(key);
}

function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => {
      if (error instanceof InvalidToken) return `invalid: ${error.reason}`;
      if (error instanceof IdentityProviderUnavailable) return 'unavailable';
      return `other: ${String(error)}`;
    },
  );
}

describe('tokens from an identity provider (RS256/ES256 via JWKS)', () => {
  const idp = new KeySetServer();
  let jwksUrl: string;
  let rsa: { privateKey: CryptoKey; jwk: JWK };
  let ec: { privateKey: CryptoKey; jwk: JWK };
  let verifier: TokenVerifier;

  beforeAll(async () => {
    jwksUrl = await idp.start();
    rsa = await signingKey('RS256', 'rsa-1');
    ec = await signingKey('ES256', 'ec-1');
    idp.keys = [rsa.jwk, ec.jwk];
    verifier = new TokenVerifier({
      jwksUrl,
      issuer: 'https://sso.example.com/realms/redress',
      audience: 'redress',
    });
  });

  afterAll(async () => {
    await idp.stop();
  });

  it('accepts an RS256 token signed by a key of the set', async () => {
    const token = await tokenSignedBy(rsa.privateKey, 'RS256', 'rsa-1', {
      roles: ['department_head'],
      department: 'quality',
    });
    await expect(verifier.verify(token)).resolves.toEqual({
      sub: 'carol',
      roles: ['department_head'],
      department: 'quality',
    });
  });

  it('accepts an ES256 token signed by a key of the set', async () => {
    const token = await tokenSignedBy(ec.privateKey, 'ES256', 'ec-1', { roles: ['legal'] });
    await expect(outcome(verifier.verify(token))).resolves.toBe('accepted');
  });

  it('rejects an HS256 token, whatever its secret, when keys come from the identity provider', async () => {
    const token = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('https://sso.example.com/realms/redress')
      .setAudience('redress')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    await expect(outcome(verifier.verify(token))).resolves.toBe('invalid: the token is not valid');
  });

  it('rejects a token signed by a key outside the set', async () => {
    const stranger = await signingKey('RS256', 'rsa-stranger');
    const token = await tokenSignedBy(stranger.privateKey, 'RS256', 'rsa-stranger', {
      roles: ['admin'],
    });
    await expect(outcome(verifier.verify(token))).resolves.toBe('invalid: the token is not valid');
  });

  it('reports the identity provider as unavailable when its key set cannot be fetched', async () => {
    idp.failing = true;
    try {
      const fresh = new TokenVerifier({ jwksUrl });
      const token = await tokenSignedBy(rsa.privateKey, 'RS256', 'rsa-1', { roles: ['agent'] });
      await expect(outcome(fresh.verify(token))).resolves.toBe('unavailable');
    } finally {
      idp.failing = false;
    }
  });

  describe('over HTTP', () => {
    let app: INestApplication;

    beforeAll(async () => {
      const closed = new KeySetServer();
      const unreachableUrl = await closed.start();
      await closed.stop();
      const moduleRef = await Test.createTestingModule({
        imports: [
          SampleModule.forRoot({
            auth: { jwksUrl: unreachableUrl },
            destination: { write: () => undefined },
            readinessTimeoutMs: 1000,
          }),
        ],
      }).compile();
      const options = { service: 'sample', openApi: false };
      app = moduleRef.createNestApplication(serviceHttpAdapter(options), { bufferLogs: true });
      configureServiceApp(app, options);
      await initServiceApp(app);
    });

    afterAll(async () => {
      await app.close();
    });

    it('answers 503, not 401, while the identity provider cannot be reached', async () => {
      const token = await tokenSignedBy(rsa.privateKey, 'RS256', 'rsa-1', { roles: ['agent'] });
      const res = await request(app.getHttpServer() as App)
        .get('/samples/departments/logistics')
        .set('Authorization', `Bearer ${token}`)
        .expect(503)
        .expect('Content-Type', /^application\/problem\+json/);
      expect(res.body.type).toBe('urn:redress:problem:identity-provider-unavailable');
    });
  });
});
