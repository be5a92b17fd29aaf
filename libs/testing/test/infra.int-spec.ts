import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import { ensureTestInfra, serviceDbUrl, testConfig, uniqueName } from '../src';

describe('ensureTestInfra', () => {
  it('returns the test configuration with Kafka answering and the test database bootstrapped', async () => {
    const config = await ensureTestInfra();
    expect(config).toEqual(testConfig());

    const admin = new Kafka({ brokers: config.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers.length).toBeGreaterThan(0);
    } finally {
      await admin.disconnect();
    }

    const client = new Client({ connectionString: serviceDbUrl('intake') });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string; role: string; schema: string }>(
        'SELECT current_database() AS db, current_user AS role, current_schema() AS schema',
      );
      expect(rows).toEqual([{ db: config.testDatabase, role: 'intake', schema: 'intake' }]);
    } finally {
      await client.end();
    }
  });

  it('is shared by every caller of one test file, so later calls cost nothing', async () => {
    const calls = [ensureTestInfra(), ensureTestInfra()];
    expect(calls[0]).toBe(calls[1]);
    const [first, second] = await Promise.all(calls);
    expect(second).toBe(first);
  });
});

describe('ensureTestInfra on a database that is not bootstrapped yet', () => {
  const original = process.env.REDRESS_TEST_DB;
  const db = uniqueName('redress_fresh');

  afterAll(async () => {
    if (original === undefined) delete process.env.REDRESS_TEST_DB;
    else process.env.REDRESS_TEST_DB = original;
    const admin = new Client({ connectionString: testConfig().databaseAdminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });

  it('runs scripts/infra.mjs up, which creates and bootstraps it', async () => {
    process.env.REDRESS_TEST_DB = db;
    const config = await ensureTestInfra();
    expect(config.testDatabase).toBe(db);
    const client = new Client({ connectionString: serviceDbUrl('triage') });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string; schema: string }>(
        'SELECT current_database() AS db, current_schema() AS schema',
      );
      expect(rows).toEqual([{ db, schema: 'triage' }]);
    } finally {
      await client.end();
    }
  }, 120_000);
});
