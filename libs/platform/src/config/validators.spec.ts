import { isBrokerList, isPostgresUrl } from './validators';

describe('configuration validators', () => {
  it.each([
    ['postgres://postgres@127.0.0.1:5432/redress', true],
    ['postgresql://user:pw@db:5432/redress?sslmode=require', true],
    ['postgres:///redress?host=/var/run/postgresql', true],
    ['mysql://db/redress', false],
    ['not a url', false],
  ])('isPostgresUrl(%s) is %s', (value, expected) => {
    expect(isPostgresUrl(value)).toBe(expected);
  });

  it.each([
    ['127.0.0.1:9092', true],
    ['kafka-0.kafka:9092,kafka-1.kafka:9092', true],
    ['[::1]:9092', true],
    ['localhost', false],
    ['host:99999', false],
    ['a:9092,,b:9092', false],
  ])('isBrokerList(%s) is %s', (value, expected) => {
    expect(isBrokerList(value)).toBe(expected);
  });
});
