import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SignJWT } from 'jose';
import request from 'supertest';
import type { App } from 'supertest/types';
import {
  configureServiceApp,
  initServiceApp,
  serviceHttpAdapter,
  signDevelopmentToken,
} from '../src';
import { FakeBroker, SampleModule } from './fixtures/sample.module';

const SECRET = randomBytes(32).toString('base64url');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PROBLEM_JSON = /^application\/problem\+json/;

function token(claims: { roles: string[]; department?: string; sub?: string }, secret = SECRET) {
  return signDevelopmentToken({
    sub: claims.sub ?? 'alice',
    roles: claims.roles,
    ...(claims.department !== undefined ? { department: claims.department } : {}),
    secret,
    expiresIn: '5m',
  });
}

function aComplaint(overrides: Record<string, unknown> = {}) {
  return {
    description: '酸奶里有异物',
    customer: { name: '张三', phone: '13900001111' },
    attachments: [{ name: 'photo.jpg', sha256: 'a'.repeat(64) }],
    ...overrides,
  };
}

describe('a service built on the platform, over HTTP', () => {
  let app: INestApplication;
  let server: App;
  let broker: FakeBroker;
  const logLines: string[] = [];
  const agent = () => `Bearer ${token({ roles: ['agent'], department: 'logistics' })}`;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SampleModule.forRoot({
          auth: { jwtSecret: SECRET },
          destination: { write: (line: string) => void logLines.push(line) },
          readinessTimeoutMs: 300,
        }),
      ],
    }).compile();
    const options = { service: 'sample', title: 'sample', bodyLimit: '2kb' };
    app = moduleRef.createNestApplication(serviceHttpAdapter(options), { bufferLogs: true });
    configureServiceApp(app, options);
    await initServiceApp(app);
    server = app.getHttpServer() as App;
    broker = app.get(FakeBroker);
  });

  afterAll(async () => {
    await app.close();
  });

  afterEach(() => {
    broker.state = 'up';
  });

  describe('requests that pass', () => {
    it('answers 201 to a valid HS256 token with an allowed role and a valid body', async () => {
      const res = await request(server)
        .post('/samples')
        .set('Authorization', agent())
        .send(aComplaint())
        .expect(201);
      expect(res.body).toMatchObject({ by: 'alice', isDto: true, received: aComplaint() });
    });

    it('lets a department-scoped user act on their own department', async () => {
      await request(server)
        .get('/samples/departments/logistics')
        .set('Authorization', agent())
        .expect(200, { department: 'logistics' });
    });

    it('lets a supervisor see every department', async () => {
      await request(server)
        .get('/samples/departments/quality')
        .set('Authorization', `Bearer ${token({ roles: ['supervisor'] })}`)
        .expect(200, { department: 'quality' });
    });

    it('serves @Public() routes without a token', async () => {
      await request(server).get('/samples/public').expect(200, { open: true });
    });
  });

  describe('invalid bodies', () => {
    it('answers 400 naming a nested invalid field by its dotted path', async () => {
      const res = await request(server)
        .post('/samples')
        .set('Authorization', agent())
        .send(aComplaint({ attachments: [{ name: 'photo.jpg', sha256: 'not-a-hash' }] }))
        .expect(400)
        .expect('Content-Type', PROBLEM_JSON);
      expect(res.body).toMatchObject({
        type: 'urn:redress:problem:validation',
        status: 400,
        instance: '/samples',
        errors: [{ field: 'attachments.0.sha256', message: 'must be 64 lowercase hex characters' }],
      });
    });

    it('answers 400 for an unknown field, naming it, instead of ignoring it', async () => {
      const res = await request(server)
        .post('/samples')
        .set('Authorization', agent())
        .send(aComplaint({ customer: { name: '张三', nickname: '小张' } }))
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'customer.nickname', message: 'property should not exist' },
      ]);
      expect(res.body.detail).toBe('customer.nickname: property should not exist');
    });

    it.each([
      ['an array', '[]'],
      ['a bare string', '"hello"'],
      ['null', 'null'],
    ])('answers 400 when the body is %s instead of an object', async (_what, body) => {
      const res = await request(server)
        .post('/samples')
        .set('Authorization', agent())
        .set('Content-Type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    });

    it('answers 400 for malformed JSON', async () => {
      const res = await request(server)
        .post('/samples')
        .set('Authorization', agent())
        .set('Content-Type', 'application/json')
        .send('{"description": "unterminated')
        .expect(400)
        .expect('Content-Type', PROBLEM_JSON);
      expect(res.body).toMatchObject({
        type: 'urn:redress:problem:malformed-json',
        detail: 'the request body is not valid JSON',
        instance: '/samples',
      });
    });

    it('answers 415 to a write whose body is not JSON', async () => {
      const res = await request(server)
        .post('/samples')
        .set('Authorization', agent())
        .set('Content-Type', 'text/plain')
        .send('description=hello')
        .expect(415)
        .expect('Content-Type', PROBLEM_JSON);
      expect(res.body).toMatchObject({
        type: 'urn:redress:problem:unsupported-media-type',
        detail: 'send the request body as application/json (got text/plain)',
      });
    });

    it('answers 413 to a body over the limit', async () => {
      const res = await request(server)
        .post('/samples')
        .set('Authorization', agent())
        .send(aComplaint({ description: 'x'.repeat(4 * 1024) }))
        .expect(413)
        .expect('Content-Type', PROBLEM_JSON);
      expect(res.body).toMatchObject({
        type: 'urn:redress:problem:payload-too-large',
        detail: 'the request body is larger than the limit of 2kb',
      });
    });
  });

  describe('requests at the edges of HTTP', () => {
    it('reads a gzip-encoded JSON body', async () => {
      const res = await request(server)
        .post('/samples')
        .set('Authorization', agent())
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        // As bytes: superagent would serialise a Buffer as JSON for this Content-Type.
        .serialize((body: Buffer) => body as unknown as string)
        .send(gzipSync(JSON.stringify(aComplaint())))
        .expect(201);
      expect(res.body).toMatchObject({ received: aComplaint() });
    });

    it('answers 415 to JSON in a charset other than UTF-8', async () => {
      const res = await request(server)
        .post('/samples')
        .set('Authorization', agent())
        .set('Content-Type', 'application/json; charset=latin1')
        .send(JSON.stringify(aComplaint()))
        .expect(415)
        .expect('Content-Type', PROBLEM_JSON);
      expect(res.body.errors).toEqual([
        { field: 'Content-Type', message: 'must name the UTF-8 charset, or none' },
      ]);
    });

    it('answers 400 naming the path when a parameter does not decode', async () => {
      const res = await request(server)
        .get('/samples/departments/%E0%A4%A')
        .set('Authorization', agent())
        .expect(400)
        .expect('Content-Type', PROBLEM_JSON);
      expect(res.body.errors).toEqual([
        { field: 'path', message: 'is not valid percent-encoded UTF-8' },
      ]);
    });

    it('routes a trailing slash and another case, and hands a long parameter to the handler', async () => {
      await request(server).get('/samples/public/').expect(200, { open: true });
      await request(server).get('/Samples/Public').expect(200, { open: true });
      const res = await request(server)
        .get(`/samples/departments/${'d'.repeat(500)}`)
        .set('Authorization', agent())
        .expect(403);
      expect(res.body.detail).toMatch(/is outside your scope$/);
    });

    it('answers headers over 16 kB with a 431 problem', async () => {
      const res = await request(server)
        .get('/samples/public')
        .set('X-Padding', 'x'.repeat(20 * 1024))
        .expect(431)
        .expect('Content-Type', PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 431, errors: [{ field: 'headers' }] });
    });

    it('answers a body on a DELETE with a Content-Type that does not parse as 415, not 500', async () => {
      const res = await request(server)
        .delete('/samples/public')
        .set('Content-Type', '%%%')
        .send('x')
        .expect(415)
        .expect('Content-Type', PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 415, instance: '/samples/public' });
    });
  });

  describe('authentication and authorisation', () => {
    it('answers 401 without a token', async () => {
      const res = await request(server).post('/samples').send(aComplaint()).expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toMatchObject({ type: 'urn:redress:problem:unauthorized', status: 401 });
    });

    it('answers 401 to a token signed with another secret', async () => {
      const forged = token({ roles: ['admin'] }, randomBytes(32).toString('base64url'));
      const res = await request(server)
        .get('/samples/departments/logistics')
        .set('Authorization', `Bearer ${forged}`)
        .expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(res.body.detail).toBe('the token is not valid');
    });

    it('answers 401 to something that is not a JWT', async () => {
      await request(server)
        .get('/samples/departments/logistics')
        .set('Authorization', 'Bearer not.a.jwt')
        .expect(401)
        .expect('Content-Type', PROBLEM_JSON);
    });

    it('answers 401 to an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = await new SignJWT({ roles: ['agent'], department: 'logistics' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('alice')
        .setIssuedAt(now - 3600)
        .setExpirationTime(now - 60)
        .sign(new TextEncoder().encode(SECRET));
      const res = await request(server)
        .get('/samples/departments/logistics')
        .set('Authorization', `Bearer ${expired}`)
        .expect(401);
      expect(res.body.detail).toBe('the token has expired');
    });

    it('answers 403 when the user has none of the required roles', async () => {
      const res = await request(server)
        .post('/samples')
        .set('Authorization', `Bearer ${token({ roles: ['analyst'], department: 'logistics' })}`)
        .send(aComplaint())
        .expect(403);
      expect(res.body).toMatchObject({
        type: 'urn:redress:problem:forbidden',
        detail: 'this needs one of the roles: agent, channel',
      });
    });

    it('answers 403 for another department', async () => {
      const res = await request(server)
        .get('/samples/departments/quality')
        .set('Authorization', agent())
        .expect(403);
      expect(res.body.detail).toBe('department "quality" is outside your scope');
    });
  });

  describe('errors from the code', () => {
    it('maps a domain error to its status, with its extensions', async () => {
      const res = await request(server)
        .get('/samples/withdrawn')
        .set('Authorization', agent())
        .expect(409)
        .expect('Content-Type', PROBLEM_JSON);
      expect(res.body).toMatchObject({
        type: 'urn:redress:problem:invalid-state',
        title: 'Invalid state',
        status: 409,
        detail: 'the complaint has been withdrawn',
        instance: '/samples/withdrawn',
        code: 'SampleWithdrawn',
        currentStatus: 'withdrawn',
      });
    });

    it('answers an unexpected error with a generic 500 that leaks nothing, and logs it', async () => {
      const res = await request(server)
        .get('/samples/boom')
        .set('Authorization', agent())
        .set('X-Correlation-Id', 'boom-0001')
        .expect(500)
        .expect('Content-Type', PROBLEM_JSON);
      expect(res.body).toMatchObject({ type: 'urn:redress:problem:internal', status: 500 });
      expect(res.text).not.toMatch(/hunter2|ECONNREFUSED|10\.1\.2\.3|at .*\.ts/);
      const logged = parsedLogs().find((line) => line.correlationId === 'boom-0001' && line.err);
      expect(logged?.err).toMatchObject({ message: expect.stringContaining('ECONNREFUSED') });
    });

    it('answers an unknown route with a 404 problem', async () => {
      await request(server)
        .get('/nowhere')
        .set('Authorization', agent())
        .expect(404)
        .expect('Content-Type', PROBLEM_JSON);
    });
  });

  describe('correlation id', () => {
    it('echoes a valid X-Correlation-Id and makes it current while the request is served', async () => {
      const res = await request(server)
        .post('/samples')
        .set('Authorization', agent())
        .set('X-Correlation-Id', 'order-4711.retry:2')
        .send(aComplaint())
        .expect(201);
      expect(res.headers['x-correlation-id']).toBe('order-4711.retry:2');
      expect(res.body.correlationId).toBe('order-4711.retry:2');
    });

    it('replaces an unsafe X-Correlation-Id with a generated UUID', async () => {
      const res = await request(server)
        .get('/samples/public')
        .set('X-Correlation-Id', 'x'.repeat(65))
        .expect(200);
      expect(res.headers['x-correlation-id']).toMatch(UUID);
    });

    it('puts the correlation id on problems, even for bodies refused before routing', async () => {
      const res = await request(server)
        .post('/samples')
        .set('Authorization', agent())
        .set('Content-Type', 'application/json')
        .send('{')
        .expect(400);
      expect(res.headers['x-correlation-id']).toMatch(UUID);
      expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
    });

    it('logs each request with its correlation id and never the Authorization header or body', async () => {
      await request(server)
        .post('/samples')
        .set('Authorization', agent())
        .set('X-Correlation-Id', 'log-check-1')
        .send(aComplaint({ description: 'secret-body-text' }))
        .expect(201);
      const access = parsedLogs().find(
        (line) => line.correlationId === 'log-check-1' && line.msg === 'request completed',
      );
      expect(access).toMatchObject({
        service: 'sample',
        req: { method: 'POST', url: '/samples', headers: { authorization: '[redacted]' } },
        res: { statusCode: 201 },
      });
      expect(logLines.join('\n')).not.toContain('secret-body-text');
    });
  });

  describe('operations endpoints', () => {
    it('reports live without a token', async () => {
      const res = await request(server).get('/health/live').expect(200);
      expect(res.body.status).toBe('ok');
    });

    it('reports ready when every check passes', async () => {
      const res = await request(server).get('/health/ready').expect(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        details: { database: { status: 'up' }, kafka: { status: 'up' } },
      });
    });

    it('answers 503 naming the failing check, without its internal reason', async () => {
      broker.state = 'down';
      const res = await request(server)
        .get('/health/ready')
        .expect(503)
        .expect('Content-Type', PROBLEM_JSON);
      expect(res.body).toMatchObject({
        type: 'urn:redress:problem:not-ready',
        detail: 'failing readiness checks: kafka',
        failing: ['kafka'],
        checks: { database: { status: 'up' }, kafka: { status: 'down', reason: 'failed' } },
      });
      expect(res.text).not.toContain('10.0.0.9');
    });

    it('answers 503 when a check does not answer within the timeout', async () => {
      broker.state = 'hanging';
      const res = await request(server).get('/health/ready').expect(503);
      expect(res.body.checks.kafka).toEqual({ status: 'down', reason: 'timed out after 300 ms' });
    });

    it('exposes Prometheus metrics with route patterns, not raw URLs', async () => {
      await request(server).get('/samples/departments/logistics').set('Authorization', agent());
      const res = await request(server).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const counts = res.text
        .split('\n')
        .filter((line) => line.startsWith('http_request_duration_seconds_count'));
      expect(counts).toContainEqual(
        expect.stringMatching(
          /(?=.*method="GET")(?=.*route="\/samples\/departments\/:department")(?=.*status="200")(?=.*service="sample")/,
        ),
      );
      expect(counts).toContainEqual(expect.stringMatching(/route="unmatched".*status="404"/));
      expect(res.text).toMatch(/process_cpu_user_seconds_total\{service="sample"\}/);
      expect(res.text).not.toMatch(/departments\/logistics|nowhere/);
    });

    it('serves the OpenAPI document and Swagger UI without a token', async () => {
      const res = await request(server).get('/docs-json').expect(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(res.body.paths).toHaveProperty('/samples');
      expect(res.body.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer' });
      expect(res.body.paths['/samples'].post.responses['415'].content).toHaveProperty(
        ['application/problem+json', 'schema', '$ref'],
        '#/components/schemas/ProblemDocument',
      );
      await request(server)
        .get('/docs')
        .expect(200)
        .expect('Content-Type', /text\/html/);
    });
  });

  function parsedLogs(): Array<Record<string, unknown> & { err?: unknown }> {
    return logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
});
