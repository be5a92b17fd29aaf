import { join } from 'node:path';
import { createKafka, kafkaSecurityOptions, kafkaSecurityProblems } from './kafka-client';

// A readable file stands in for a CA: only its readability is checked before it is read.
const READABLE = __filename;
const MISSING = join(__dirname, 'no-such-ca.pem');

describe('kafkaSecurityProblems', () => {
  it('accepts no security settings at all: the local broker is plaintext', () => {
    expect(kafkaSecurityProblems({})).toEqual([]);
    expect(kafkaSecurityOptions({})).toEqual({});
  });

  it('names the username and the password when a mechanism comes without them', () => {
    expect(kafkaSecurityProblems({ KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toEqual([
      'KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is set',
      'KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_MECHANISM is set',
    ]);
    expect(
      kafkaSecurityProblems({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u' }),
    ).toEqual(['KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_MECHANISM is set']);
  });

  it('names the mechanism when credentials come without one', () => {
    expect(
      kafkaSecurityProblems({ KAFKA_SASL_USERNAME: 'redress-intake', KAFKA_SASL_PASSWORD: 'pw' }),
    ).toEqual([expect.stringMatching(/^KAFKA_SASL_MECHANISM: is required when/)]);
  });

  it('refuses a mechanism kafkajs does not speak', () => {
    expect(
      kafkaSecurityProblems({
        KAFKA_SASL_MECHANISM: 'gssapi',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
      }),
    ).toEqual([
      expect.stringMatching(/^KAFKA_SASL_MECHANISM: must be one of plain, scram-sha-256/),
    ]);
  });

  it('wants TLS switched on for a CA file, and the file readable', () => {
    expect(kafkaSecurityProblems({ KAFKA_SSL_CA_FILE: READABLE })).toEqual([
      'KAFKA_SSL_CA_FILE: is read only with KAFKA_SSL=true; set KAFKA_SSL=true too',
    ]);
    expect(kafkaSecurityProblems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: MISSING })).toEqual([
      `KAFKA_SSL_CA_FILE: cannot read ${MISSING} (ENOENT)`,
    ]);
    expect(kafkaSecurityProblems({ KAFKA_SSL: true, KAFKA_SSL_CA_FILE: READABLE })).toEqual([]);
  });

  it('reads KAFKA_SSL as the text of a variable, refusing a word that is neither', () => {
    expect(kafkaSecurityProblems({ KAFKA_SSL: 'maybe' })).toEqual([
      'KAFKA_SSL: must be true or false',
    ]);
    expect(kafkaSecurityOptions({ KAFKA_SSL: 'TRUE' })).toEqual({ ssl: true });
    expect(kafkaSecurityOptions({ KAFKA_SSL: '0' })).toEqual({});
  });
});

describe('kafkaSecurityOptions', () => {
  it('gives createKafka the CA read from its file and the mechanism in lower case', () => {
    const options = kafkaSecurityOptions({
      KAFKA_SSL: true,
      KAFKA_SSL_CA_FILE: READABLE,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: ' redress-triage ',
      KAFKA_SASL_PASSWORD: 's3cret',
    });
    expect(options.sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'redress-triage',
      password: 's3cret',
    });
    expect(options.ssl).toEqual({
      ca: [expect.stringContaining("describe('kafkaSecurityOptions'")],
    });
  });

  it('throws with every problem, and never with the password', () => {
    const settings = { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'hunter2-kafka' };
    expect(() => kafkaSecurityOptions(settings)).toThrow(
      'Kafka security settings: KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is set',
    );
    expect(() => kafkaSecurityOptions(settings)).not.toThrow(/hunter2/);
  });
});

describe('createKafka with security', () => {
  const base = { brokers: ['127.0.0.1:9093'], clientId: 'redress-test' };

  it('refuses SASL without a username or password, or with an unknown mechanism', () => {
    expect(() =>
      createKafka({ ...base, sasl: { mechanism: 'scram-sha-512', username: '', password: 'pw' } }),
    ).toThrow('createKafka: SASL needs a non-empty username and password');
    expect(() =>
      createKafka({
        ...base,
        sasl: { mechanism: 'kerberos' as 'plain', username: 'u', password: 'p' },
      }),
    ).toThrow(/SASL mechanism must be one of plain, scram-sha-256, scram-sha-512/);
  });
});
