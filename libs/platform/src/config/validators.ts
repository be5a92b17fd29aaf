import { isIP } from 'node:net';
import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

export function isPostgresUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
}

/** `postgres://` or `postgresql://` URL (socket paths via `?host=` are fine). */
export function IsPostgresUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPostgresUrl',
      validator: {
        validate: (value: unknown) => isPostgresUrl(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a postgres:// or postgresql:// URL`,
          options,
        ),
      },
    },
    options,
  );
}

const BROKER = /^(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;

export function isBrokerList(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const brokers = value.split(',').map((broker) => broker.trim());
  return brokers.every((broker) => {
    const port = BROKER.exec(broker)?.[1];
    return port !== undefined && Number(port) >= 1 && Number(port) <= 65535;
  });
}

/** Comma-separated `host:port` list, as kafkajs takes it. */
export function IsBrokerList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBrokerList',
      validator: {
        validate: (value: unknown) => isBrokerList(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a comma-separated list of host:port`,
          options,
        ),
      },
    },
    options,
  );
}

export function isHttpsUrl(value: unknown): boolean {
  return typeof value === 'string' && URL.canParse(value) && new URL(value).protocol === 'https:';
}

/** Express's names for address ranges (proxy-addr). */
const TRUST_PROXY_PRESETS: ReadonlySet<string> = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * `HTTP_TRUST_PROXY` as Express's `trust proxy` setting: `false`, a hop count (0–20), or a
 * comma-separated list of addresses, CIDR ranges and presets. `true` is not a valid value.
 */
export function trustProxySetting(value: string): false | number | string[] | undefined {
  const text = value.trim();
  if (text === 'false') return false;
  if (/^\d{1,2}$/.test(text)) {
    const hops = Number(text);
    return hops <= 20 ? hops : undefined;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  return entries.every(isTrustedAddress) ? entries : undefined;
}

function isTrustedAddress(entry: string): boolean {
  if (TRUST_PROXY_PRESETS.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  if (rest.length > 0) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** `false`, a number of proxies, or their addresses (see `trustProxySetting`). */
export function IsTrustProxy(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTrustProxy',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && trustProxySetting(value) !== undefined,
        defaultMessage: buildMessage(
          (each) =>
            `${each}$property must be false, the number of proxies in front (0–20), or their addresses and CIDR ranges separated by commas (true is refused: every client could name its own address)`,
          options,
        ),
      },
    },
    options,
  );
}

/**
 * A setting that holds `value` connections of a pool of `poolSize` at once (timer transactions
 * firing side by side): it must leave one for the consumer and HTTP. A problem line, or none.
 */
export function poolRoomProblems(name: string, value: number, poolSize: number): string[] {
  return value < poolSize
    ? []
    : [
        `${name}: must be below DATABASE_POOL_SIZE (${poolSize}), which the consumer and HTTP share`,
      ];
}
