import { DatabaseUnavailable, isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string) => Object.assign(new Error('from the driver'), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'no connection could be opened (DatabaseUnavailable 08001)',
      new DatabaseUnavailable('08001', { cause: new Error('x') }),
    ],
    [
      'a connection broke (DatabaseUnavailable 08006)',
      new DatabaseUnavailable('08006', { cause: new Error('x') }),
    ],
    ['connection exception class 08', withCode('08006')],
    ['the server shut down under the session (57P01)', withCode('57P01')],
    ['the server crashed (57P02)', withCode('57P02')],
    ['the server is starting up (57P03)', withCode('57P03')],
    ['the connection was refused', withCode('ECONNREFUSED')],
    ['the connection was reset', withCode('ECONNRESET')],
    ['the host is out of reach', withCode('EHOSTUNREACH')],
    [
      'a TypeORM error around a driver error',
      Object.assign(new Error('query failed'), { driverError: withCode('57P01') }),
    ],
    ['an error caused by one', new Error('wrapped', { cause: withCode('ECONNREFUSED') })],
  ])('is true when %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['a serialization failure (retried by the caller, not an outage)', withCode('40001')],
    ['the database was dropped (57P04)', withCode('57P04')],
    ['an error without a code', new Error('Connection terminated unexpectedly')],
    ['something that is not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
