import { IsBoolean, IsString, Matches } from 'class-validator';
import { BaseServiceConfig } from './base-service.config';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { trustProxySetting } from './validators';

const SECRET = 's3cr3t-'.padEnd(40, 'x');

const VALID = {
  PORT: '3002',
  DATABASE_URL: 'postgres://triage:pa55word@127.0.0.1:5432/redress',
  KAFKA_CLIENT_ID: 'redress-triage',
  AUTH_JWT_SECRET: SECRET,
};

function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

class TriageConfig extends BaseServiceConfig {
  override PORT = 3002;
  override KAFKA_CLIENT_ID = 'redress-triage';

  @IsBoolean()
  TRIAGE_AUTO_ASSIGN = false;

  @IsString()
  @Matches(/^k-/, { message: '$property must start with k- (got $value)' })
  TRIAGE_API_KEY = 'k-default';
}

describe('loadConfig', () => {
  it('reads variables, converting numbers, and keeps defaults for the rest', () => {
    const config = loadConfig(BaseServiceConfig, VALID);
    expect(config).toBeInstanceOf(BaseServiceConfig);
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3002,
      KAFKA_BROKERS: '127.0.0.1:9092',
      KAFKA_PARTITIONS: 3,
      KAFKA_REPLICATION_FACTOR: 1,
      LOG_LEVEL: 'info',
      HTTP_BODY_LIMIT: '256kb',
    });
  });

  it('names every missing variable', () => {
    const problems = problemsOf(() => loadConfig(BaseServiceConfig, {}));
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT: is required but not set',
        'DATABASE_URL: is required but not set',
        'KAFKA_CLIENT_ID: is required but not set',
        expect.stringMatching(/^AUTH_JWT_SECRET, AUTH_JWKS_URL: one is required/),
      ]),
    );
  });

  it('treats an empty variable as unset', () => {
    const problems = problemsOf(() => loadConfig(BaseServiceConfig, { ...VALID, PORT: '  ' }));
    expect(problems).toEqual(['PORT: is required but not set']);
  });

  it('names every malformed variable with its reason', () => {
    const error = (() => {
      try {
        loadConfig(BaseServiceConfig, {
          ...VALID,
          PORT: 'eighty',
          DATABASE_URL: 'mysql://db/redress',
          KAFKA_BROKERS: 'broker-without-port',
          KAFKA_PARTITIONS: '0',
          NODE_ENV: 'staging',
          HTTP_BODY_LIMIT: 'lots',
        });
      } catch (caught: unknown) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: .*integer/),
        'DATABASE_URL: must be a postgres:// or postgresql:// URL',
        'KAFKA_BROKERS: must be a comma-separated list of host:port',
        'KAFKA_PARTITIONS: must not be less than 1',
        expect.stringMatching(
          /^NODE_ENV: must be one of the following values: development, test, production/,
        ),
        'HTTP_BODY_LIMIT: must be a size such as 256kb or 1mb',
      ]),
    );
    expect(problems).toHaveLength(6);
    expect((error as ConfigError).message).toContain('DATABASE_URL: must be a postgres://');
  });

  it('never prints the value of a secret, even when a message asks for it', () => {
    const problems = problemsOf(() =>
      loadConfig(TriageConfig, {
        ...VALID,
        DATABASE_URL: 'http://admin:hunter2-db@db.internal/redress',
        AUTH_JWT_SECRET: 'too-short-but-secret',
        TRIAGE_API_KEY: 'leaky-api-key-value',
      }),
    );
    const text = problems.join('\n');
    expect(text).toContain('AUTH_JWT_SECRET: must be longer than or equal to 32 characters');
    expect(text).toContain('TRIAGE_API_KEY: must start with k- (got [redacted])');
    expect(text).not.toMatch(/hunter2|too-short-but-secret|leaky-api-key-value/);
  });

  it('refuses AUTH_JWT_SECRET alone in production, naming every missing auth variable', () => {
    const problems = problemsOf(() =>
      loadConfig(BaseServiceConfig, { ...VALID, NODE_ENV: 'production' }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^AUTH_JWT_SECRET: refused when NODE_ENV=production/),
      expect.stringMatching(/^AUTH_JWKS_URL: is required when NODE_ENV=production/),
      expect.stringMatching(/^AUTH_ISSUER: is required when NODE_ENV=production/),
      expect.stringMatching(/^AUTH_AUDIENCE: is required when NODE_ENV=production/),
    ]);
  });

  describe('in production', () => {
    const { AUTH_JWT_SECRET: _secret, ...withoutSecret } = VALID;
    const PRODUCTION = {
      ...withoutSecret,
      NODE_ENV: 'production',
      AUTH_JWKS_URL: 'https://sso.example.com/realms/redress/protocol/openid-connect/certs',
      AUTH_ISSUER: 'https://sso.example.com/realms/redress',
      AUTH_AUDIENCE: 'redress',
    };

    it('accepts an https JWKS URL with an issuer and an audience', () => {
      const config = loadConfig(BaseServiceConfig, PRODUCTION);
      expect(config.AUTH_JWKS_URL).toMatch(/certs$/);
      expect(config.AUTH_JWT_SECRET).toBeUndefined();
    });

    it.each(['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'])(
      'refuses to start without %s',
      (name) => {
        const problems = problemsOf(() =>
          loadConfig(BaseServiceConfig, { ...PRODUCTION, [name]: undefined }),
        );
        expect(problems).toEqual([expect.stringMatching(new RegExp(`^${name}: is required`))]);
      },
    );

    it('refuses a JWKS URL that is not https', () => {
      const problems = problemsOf(() =>
        loadConfig(BaseServiceConfig, {
          ...PRODUCTION,
          AUTH_JWKS_URL: 'http://keycloak:8080/certs',
        }),
      );
      expect(problems).toEqual(['AUTH_JWKS_URL: must be an https:// URL when NODE_ENV=production']);
    });
  });

  it('accepts an http JWKS URL without issuer or audience outside production', () => {
    const { AUTH_JWT_SECRET: _secret, ...withoutSecret } = VALID;
    const config = loadConfig(BaseServiceConfig, {
      ...withoutSecret,
      AUTH_JWKS_URL: 'http://keycloak:8080/realms/redress/protocol/openid-connect/certs',
    });
    expect(config.AUTH_ISSUER).toBeUndefined();
  });

  it.each([
    ['false', false],
    ['1', 1],
    ['10.0.0.0/8, 127.0.0.1', ['10.0.0.0/8', '127.0.0.1']],
    ['loopback,fd00::/8', ['loopback', 'fd00::/8']],
  ])('reads HTTP_TRUST_PROXY=%j', (value, expected) => {
    const config = loadConfig(BaseServiceConfig, { ...VALID, HTTP_TRUST_PROXY: value });
    expect(trustProxySetting(config.HTTP_TRUST_PROXY)).toEqual(expected);
  });

  it.each(['true', '10.0.0.0/33', 'proxy.internal', '99'])(
    'refuses HTTP_TRUST_PROXY=%j',
    (value) => {
      const problems = problemsOf(() =>
        loadConfig(BaseServiceConfig, { ...VALID, HTTP_TRUST_PROXY: value }),
      );
      expect(problems).toEqual([
        expect.stringMatching(/^HTTP_TRUST_PROXY: must be false, the number/),
      ]);
    },
  );

  it('refuses both an HS256 secret and a JWKS URL', () => {
    const problems = problemsOf(() =>
      loadConfig(BaseServiceConfig, { ...VALID, AUTH_JWKS_URL: 'http://keycloak:8080/certs' }),
    );
    expect(problems).toEqual(['AUTH_JWT_SECRET, AUTH_JWKS_URL: set exactly one of them, not both']);
  });

  it("lets a service subclass add variables and give the base's defaults", () => {
    const config = loadConfig(TriageConfig, {
      DATABASE_URL: VALID.DATABASE_URL,
      AUTH_JWT_SECRET: SECRET,
      TRIAGE_AUTO_ASSIGN: 'true',
      KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
    });
    expect(config).toBeInstanceOf(TriageConfig);
    expect(config).toMatchObject({
      PORT: 3002,
      KAFKA_CLIENT_ID: 'redress-triage',
      TRIAGE_AUTO_ASSIGN: true,
      TRIAGE_API_KEY: 'k-default',
    });
  });

  it('reports a boolean that is neither true nor false', () => {
    const problems = problemsOf(() =>
      loadConfig(TriageConfig, { ...VALID, TRIAGE_AUTO_ASSIGN: 'maybe' }),
    );
    expect(problems).toEqual(['TRIAGE_AUTO_ASSIGN: must be a boolean value']);
  });

  describe('Kafka security (docs/deployment.md, "Kafka security")', () => {
    const SCRAM = {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: __filename,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'redress-triage',
      KAFKA_SASL_PASSWORD: 'scram-password-from-strimzi',
    };

    it('is off by default: plaintext, no SASL, as the local broker', () => {
      const config = loadConfig(BaseServiceConfig, VALID);
      expect(config.KAFKA_SSL).toBe(false);
      expect(config.KAFKA_SASL_MECHANISM).toBeUndefined();
    });

    it('reads TLS with a CA file and SCRAM credentials', () => {
      const config = loadConfig(BaseServiceConfig, { ...VALID, ...SCRAM });
      expect(config).toMatchObject({
        KAFKA_SSL: true,
        KAFKA_SSL_CA_FILE: __filename,
        KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
        KAFKA_SASL_USERNAME: 'redress-triage',
      });
    });

    it('stops the start when a mechanism comes without credentials, naming each variable', () => {
      const problems = problemsOf(() =>
        loadConfig(BaseServiceConfig, { ...VALID, KAFKA_SASL_MECHANISM: 'scram-sha-512' }),
      );
      expect(problems).toEqual([
        'KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is set',
        'KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_MECHANISM is set',
      ]);
    });

    it('stops the start on credentials without a mechanism, and never prints the password', () => {
      const problems = problemsOf(() =>
        loadConfig(BaseServiceConfig, {
          ...VALID,
          KAFKA_SASL_USERNAME: 'redress-triage',
          KAFKA_SASL_PASSWORD: 'scram-password-from-strimzi',
          KAFKA_SSL: 'sometimes',
        }),
      );
      expect(problems).toEqual([
        'KAFKA_SSL: must be a boolean value',
        expect.stringMatching(/^KAFKA_SASL_MECHANISM: is required when KAFKA_SASL_USERNAME/),
      ]);
      expect(problems.join('\n')).not.toContain('scram-password-from-strimzi');
    });

    it('names a CA file that cannot be read, or that comes without KAFKA_SSL', () => {
      const missing = `${__filename}.missing`;
      expect(
        problemsOf(() =>
          loadConfig(BaseServiceConfig, { ...VALID, ...SCRAM, KAFKA_SSL_CA_FILE: missing }),
        ),
      ).toEqual([`KAFKA_SSL_CA_FILE: cannot read ${missing} (ENOENT)`]);
      expect(
        problemsOf(() => loadConfig(BaseServiceConfig, { ...VALID, ...SCRAM, KAFKA_SSL: 'false' })),
      ).toEqual(['KAFKA_SSL_CA_FILE: is read only with KAFKA_SSL=true; set KAFKA_SSL=true too']);
    });

    it('refuses PLAIN over plaintext in production', () => {
      const { AUTH_JWT_SECRET: _secret, ...withoutSecret } = VALID;
      const problems = problemsOf(() =>
        loadConfig(BaseServiceConfig, {
          ...withoutSecret,
          NODE_ENV: 'production',
          AUTH_JWKS_URL: 'https://sso.example.com/certs',
          AUTH_ISSUER: 'https://sso.example.com',
          AUTH_AUDIENCE: 'redress',
          KAFKA_SASL_MECHANISM: 'plain',
          KAFKA_SASL_USERNAME: 'redress-triage',
          KAFKA_SASL_PASSWORD: 'pw',
        }),
      );
      expect(problems).toEqual([
        expect.stringMatching(/^KAFKA_SSL: must be true with KAFKA_SASL_MECHANISM=plain/),
      ]);
    });
  });

  it('ignores variables the class does not declare', () => {
    const config = loadConfig(BaseServiceConfig, { ...VALID, HOME: '/root', PATH: '/bin' });
    expect(config).not.toHaveProperty('HOME');
  });
});
