// Decorator metadata (design:type) tells loadConfig which variables are numbers.
import 'reflect-metadata';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { kafkaSecurityProblems } from '@redress/messaging';
import { LOG_LEVELS, type LogLevel } from '../logging/logger';
import type { CrossFieldChecked } from './load-config';
import { IsBrokerList, IsPostgresUrl, IsTrustProxy, isHttpsUrl } from './validators';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/**
 * The variables every service reads (CONTRACT.md "Services, ports, health"). A service subclasses
 * it, gives `PORT`, `DATABASE_URL` and `KAFKA_CLIENT_ID` defaults for local runs, and adds its own:
 *
 *   export class TriageConfig extends BaseServiceConfig {
 *     override PORT = 3002;
 *     @IsInt() @Min(1) TRIAGE_REVIEW_THRESHOLD = 60;
 *   }
 *   const config = loadConfig(TriageConfig);
 */
export class BaseServiceConfig implements CrossFieldChecked {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  @IsPostgresUrl()
  DATABASE_URL!: string;

  @IsBrokerList()
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  @Matches(/^[A-Za-z0-9._-]{1,100}$/, {
    message: '$property must be 1–100 letters, digits, ".", "_" or "-"',
  })
  KAFKA_CLIENT_ID!: string;

  /**
   * Prefix of every topic, dead-letter and retry topic and consumer group of this environment
   * (CONTRACT.md, changes of 2026-12-04), so that environments sharing a cluster never read each
   * other's events. Empty in production: the contract's names stand there.
   */
  @Matches(/^[A-Za-z0-9._-]{0,100}$/, {
    message: '$property must be at most 100 letters, digits, ".", "_" or "-" (e.g. "test.")',
  })
  KAFKA_TOPIC_PREFIX: string = '';

  /** Partitions of the topics the service creates when missing. */
  @IsInt()
  @Min(1)
  KAFKA_PARTITIONS: number = 3;

  /** 1 locally, 3 in production (CONTRACT.md "Kafka"). */
  @IsInt()
  @Min(1)
  KAFKA_REPLICATION_FACTOR: number = 1;

  /**
   * TLS to the brokers. The local broker (`npm run kafka`, docker-compose.yml) is plaintext;
   * the Strimzi cluster's listener is TLS with SCRAM-SHA-512 (docs/deployment.md, "Kafka
   * security").
   */
  @IsBoolean()
  KAFKA_SSL: boolean = false;

  /** PEM of the CA that signed the brokers' certificates (Strimzi's cluster CA, `ca.crt`). */
  @IsOptional()
  @IsString()
  KAFKA_SSL_CA_FILE?: string;

  /** `scram-sha-512` for the Strimzi cluster; with it, the username and password are required. */
  @IsOptional()
  @IsString()
  KAFKA_SASL_MECHANISM?: string;

  /** The service's KafkaUser (`redress-<service>`), whose ACLs say what it may read and write. */
  @IsOptional()
  @IsString()
  KAFKA_SASL_USERNAME?: string;

  /** From the Secret the Strimzi User Operator makes for the KafkaUser (key `password`). */
  @IsOptional()
  @IsString()
  KAFKA_SASL_PASSWORD?: string;

  /** HS256 secret shared with `npm run token`; local development and tests only. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  AUTH_JWT_SECRET?: string;

  /** The identity provider's JSON Web Key Set (RS256/ES256); required in production. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  AUTH_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  AUTH_ISSUER?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  AUTH_AUDIENCE?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Largest accepted request body, in body-parser's notation (`256kb`, `1mb`). */
  @Matches(/^\d+(?:\.\d+)?\s*(?:b|kb|mb)?$/i, {
    message: '$property must be a size such as 256kb or 1mb',
  })
  HTTP_BODY_LIMIT: string = '256kb';

  /**
   * Idempotency-Key answers are kept at least this many hours (default a week): a retry within
   * it gets the first answer. The hourly retention sweep forgets older keys.
   */
  @IsInt()
  @Min(1)
  @Max(8760)
  IDEMPOTENCY_KEY_RETENTION_HOURS: number = 168;

  /**
   * Days the processed-events ledger keeps a consumed event's id; 0 (the default) keeps it
   * forever. The ledger turns a redelivery into a no-op, so set this only together with
   * Kafka's `offsets.retention.minutes` (see the event store's README, "Retention").
   */
  @IsInt()
  @Min(0)
  @Max(36500)
  CONSUMER_LEDGER_RETENTION_DAYS: number = 0;

  /**
   * Which proxies in front of the service may state the client's address in
   * `X-Forwarded-For` (Express's `trust proxy`): `false` (the default: the peer's address is the
   * client's), the number of proxies in front (e.g. `1` behind one ingress), or their addresses
   * and CIDR ranges (`10.0.0.0/8, 127.0.0.1`, also `loopback`, `linklocal`, `uniquelocal`).
   * Per-client limits key on that address; `true` is refused, since it would let every client
   * name its own address.
   */
  @IsTrustProxy()
  HTTP_TRUST_PROXY: string = 'false';

  /**
   * Processes serving the service on this machine (Node's cluster module: they share the port;
   * migrations run once, before them). 1, the default, runs it in one process; in Kubernetes,
   * scale with replicas instead.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  SERVICE_WORKERS: number = 1;

  /** Subclasses with rules of their own extend this and keep the base's. */
  configProblems(): string[] {
    return [...this.authProblems(), ...this.kafkaProblems()];
  }

  private authProblems(): string[] {
    const secret = Boolean(this.AUTH_JWT_SECRET);
    const jwks = Boolean(this.AUTH_JWKS_URL);
    if (this.NODE_ENV === 'production') return this.productionAuthProblems();
    if (secret && jwks) {
      return ['AUTH_JWT_SECRET, AUTH_JWKS_URL: set exactly one of them, not both'];
    }
    if (!secret && !jwks) {
      return [
        'AUTH_JWT_SECRET, AUTH_JWKS_URL: one is required (AUTH_JWKS_URL in production, AUTH_JWT_SECRET for local development)',
      ];
    }
    return [];
  }

  /**
   * A mechanism needs its credentials (and credentials a mechanism), a CA file needs TLS and must
   * be readable. PLAIN over plaintext would send the password in clear: refused in production.
   */
  private kafkaProblems(): string[] {
    const problems = kafkaSecurityProblems({
      // A KAFKA_SSL that is not a boolean is already reported by its decorator.
      KAFKA_SSL: typeof this.KAFKA_SSL === 'boolean' ? this.KAFKA_SSL : false,
      KAFKA_SSL_CA_FILE: this.KAFKA_SSL_CA_FILE,
      KAFKA_SASL_MECHANISM: this.KAFKA_SASL_MECHANISM,
      KAFKA_SASL_USERNAME: this.KAFKA_SASL_USERNAME,
      KAFKA_SASL_PASSWORD: this.KAFKA_SASL_PASSWORD,
    });
    if (
      this.NODE_ENV === 'production' &&
      this.KAFKA_SASL_MECHANISM?.toLowerCase() === 'plain' &&
      this.KAFKA_SSL !== true
    ) {
      problems.push(
        'KAFKA_SSL: must be true with KAFKA_SASL_MECHANISM=plain when NODE_ENV=production (PLAIN sends the password in clear)',
      );
    }
    return problems;
  }

  /**
   * Production trusts only the identity provider: its keys fetched over https (a key set
   * fetched in clear could be swapped on the way), and tokens it issued for these services
   * (`iss` and `aud` checked), so a token minted for another application is refused.
   */
  private productionAuthProblems(): string[] {
    const problems: string[] = [];
    if (this.AUTH_JWT_SECRET) {
      problems.push(
        'AUTH_JWT_SECRET: refused when NODE_ENV=production; set AUTH_JWKS_URL to the identity provider’s key set instead',
      );
    }
    if (!this.AUTH_JWKS_URL) {
      problems.push(
        'AUTH_JWKS_URL: is required when NODE_ENV=production (the identity provider’s key set, https://…)',
      );
    } else if (URL.canParse(this.AUTH_JWKS_URL) && !isHttpsUrl(this.AUTH_JWKS_URL)) {
      problems.push('AUTH_JWKS_URL: must be an https:// URL when NODE_ENV=production');
    }
    if (!this.AUTH_ISSUER) {
      problems.push(
        'AUTH_ISSUER: is required when NODE_ENV=production (the `iss` of the identity provider’s tokens)',
      );
    }
    if (!this.AUTH_AUDIENCE) {
      problems.push(
        'AUTH_AUDIENCE: is required when NODE_ENV=production (the `aud` the identity provider gives tokens for Redress)',
      );
    }
    return problems;
  }
}
