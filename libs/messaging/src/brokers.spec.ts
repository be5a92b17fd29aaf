import { parseBrokers } from './brokers';

describe('parseBrokers', () => {
  it('splits a comma-separated list and trims blanks around entries', () => {
    expect(parseBrokers(' kafka-0.kafka:9092, 10.0.0.7:9093 ,[::1]:9094,')).toEqual([
      'kafka-0.kafka:9092',
      '10.0.0.7:9093',
      '[::1]:9094',
    ]);
  });

  it('names the variable when the list is empty', () => {
    expect(() => parseBrokers(' , ')).toThrow(/KAFKA_BROKERS must list at least one/);
    expect(() => parseBrokers('', 'ANALYTICS_KAFKA')).toThrow(/ANALYTICS_KAFKA/);
  });

  it.each([
    'kafka',
    'kafka:',
    ':9092',
    'kafka:port',
    'kafka:70000',
    'kafka:0',
    'PLAINTEXT://kafka:9092',
  ])('rejects the malformed broker %p', (broker) => {
    expect(() => parseBrokers(`127.0.0.1:9092,${broker}`)).toThrow(
      `KAFKA_BROKERS has a malformed broker "${broker}"`,
    );
  });
});
