import { serviceDbUrl, testConfig } from './config';

describe('testConfig', () => {
  it("defaults to the local broker, the local server, the redress_test database and the tests' Kafka namespace", () => {
    expect(testConfig({})).toEqual({
      topicPrefix: 'test.',
      kafkaBrokers: '127.0.0.1:9092',
      brokers: ['127.0.0.1:9092'],
      databaseAdminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
      testDatabase: 'redress_test',
      testDatabaseAdminUrl: 'postgres://postgres@127.0.0.1:5432/redress_test',
    });
  });

  it('takes every value from the environment when given', () => {
    const config = testConfig({
      KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
      DATABASE_ADMIN_URL: 'postgres://admin:pw@db.internal:6543/maintenance?sslmode=require',
      REDRESS_TEST_DB: 'ci_tests',
      REDRESS_TEST_TOPIC_PREFIX: 'ci-1234.',
    });
    expect(config.topicPrefix).toBe('ci-1234.');
    expect(config.brokers).toEqual(['kafka-0:9092', 'kafka-1:9092']);
    expect(config.testDatabase).toBe('ci_tests');
    expect(config.testDatabaseAdminUrl).toBe(
      'postgres://admin:pw@db.internal:6543/ci_tests?sslmode=require',
    );
  });

  it("never takes the services' own KAFKA_TOPIC_PREFIX: tests keep to a namespace of their own", () => {
    expect(testConfig({ KAFKA_TOPIC_PREFIX: '' }).topicPrefix).toBe('test.');
    expect(testConfig({ KAFKA_TOPIC_PREFIX: 'dev.' }).topicPrefix).toBe('test.');
  });
});

describe('serviceDbUrl', () => {
  it("is the service's own role on the test database of the admin URL's server", () => {
    expect(serviceDbUrl('followup', { env: {} })).toBe(
      'postgres://followup@127.0.0.1:5432/redress_test',
    );
    expect(
      serviceDbUrl('intake', {
        env: { DATABASE_ADMIN_URL: 'postgres://admin@db.internal/postgres?sslmode=require' },
        db: 'other',
      }),
    ).toBe('postgres://intake@db.internal:5432/other?sslmode=require');
  });

  it("carries the role's password when the environment sets one", () => {
    expect(serviceDbUrl('bi_reader', { env: { REDRESS_DB_PASSWORD_BI_READER: 'p@ss/word' } })).toBe(
      'postgres://bi_reader:p%40ss%2Fword@127.0.0.1:5432/redress_test',
    );
  });

  it('refuses a role the bootstrap does not create', () => {
    expect(() => serviceDbUrl('postgres' as never, { env: {} })).toThrow('unknown database role');
  });
});
