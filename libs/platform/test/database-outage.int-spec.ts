import { Controller, Inject, Module, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Pool } from 'pg';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createDatabasePool, EventStore } from '@redress/event-store';
import { startPrivatePostgres, waitFor, type PrivatePostgres } from '@redress/testing';
import {
  configureServiceApp,
  HealthModule,
  initServiceApp,
  Public,
  serviceHttpAdapter,
} from '../src';

/**
 * The platform's side of a database outage, on a PostgreSQL server of this test's own: readiness
 * goes 503 while the server is down and 200 again by itself, liveness stays 200, and a write
 * that needs the database answers 503 with Retry-After instead of a 500.
 */

jest.setTimeout(120_000);

const POOL = Symbol('POOL');

@Public()
@Controller('writes')
class WriteController {
  private readonly store: EventStore;

  constructor(@Inject(POOL) pool: Pool) {
    this.store = new EventStore(pool, 'public');
  }

  @Post()
  async write(): Promise<{ ok: true }> {
    await this.store.transaction((tx) => tx.query('SELECT 1'));
    return { ok: true };
  }
}

let server: PrivatePostgres | undefined;
let app: INestApplication | undefined;
let http: App;
const warnings: string[] = [];

beforeAll(async () => {
  server = await startPrivatePostgres();
  const pool = createDatabasePool({
    connectionString: server.url,
    max: 4,
    logger: { warn: (message) => warnings.push(message) },
  });

  @Module({
    imports: [
      HealthModule.forRoot({
        indicators: [{ name: 'database', inject: [POOL], check: (p: Pool) => p.query('SELECT 1') }],
      }),
    ],
    controllers: [WriteController],
    providers: [{ provide: POOL, useValue: pool }],
  })
  class OutageModule {}

  const moduleRef = await Test.createTestingModule({ imports: [OutageModule] }).compile();
  const options = { service: 'outage', openApi: false };
  app = moduleRef.createNestApplication(serviceHttpAdapter(options), { logger: false });
  configureServiceApp(app, options);
  await initServiceApp(app);
  http = app.getHttpServer() as App;
}, 120_000);

afterAll(async () => {
  const pool = app?.get<Pool>(POOL);
  await app?.close();
  await pool?.end();
  await server?.destroy();
});

describe('while the database is down', () => {
  it('reports not ready and refuses writes with 503, stays live, and is ready again by itself once it is back', async () => {
    await request(http).get('/health/ready').expect(200);
    await request(http).post('/writes').send({}).expect(201);

    await server!.kill();
    const notReady = await request(http).get('/health/ready').expect(503);
    expect(notReady.body).toMatchObject({ failing: ['database'] });
    await request(http).get('/health/live').expect(200);
    const refused = await request(http).post('/writes').send({}).expect(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body).toMatchObject({
      type: 'urn:redress:problem:database-unavailable',
      status: 503,
    });
    expect(refused.text).not.toContain(String(server!.port));
    // The idle connections that broke are reported, not thrown.
    await waitFor(() => warnings.some((w) => /database connection broke/.test(w)), {
      description: 'the pool to report its broken connections',
    });

    await server!.start();
    await waitFor(async () => (await request(http).get('/health/ready')).status === 200, {
      description: 'readiness to come back by itself',
      timeoutMs: 30_000,
    });
    await request(http).post('/writes').send({}).expect(201);
  });
});
