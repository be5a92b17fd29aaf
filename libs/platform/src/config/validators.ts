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
