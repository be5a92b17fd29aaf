import { FormatRegistry } from '@sinclair/typebox';

// TypeBox checks no string format until one is registered; these are the ones events use.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function register(name: string, check: (value: string) => boolean): void {
  if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);
}

/** The `date-time` format of every event time (RFC 3339 with seconds, as `toISOString` writes). */
export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

register('uuid', (v) => UUID.test(v));
register('date-time', isDateTime);
register('sha256', (v) => /^[0-9a-f]{64}$/i.test(v));
