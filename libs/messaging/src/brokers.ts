const BROKER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\d{1,5})$/;

/**
 * Parses a comma-separated `host:port` list (the `KAFKA_BROKERS` form). Throws, naming
 * `variable`, on an empty list or a malformed entry, so a bad configuration stops start-up.
 */
export function parseBrokers(value: string, variable = 'KAFKA_BROKERS'): string[] {
  const brokers = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (brokers.length === 0) {
    throw new Error(`${variable} must list at least one Kafka broker as host:port[,host:port…]`);
  }
  for (const broker of brokers) {
    const port = BROKER.exec(broker)?.[2];
    if (port === undefined || Number(port) < 1 || Number(port) > 65_535) {
      throw new Error(`${variable} has a malformed broker "${broker}": expected host:port`);
    }
  }
  return brokers;
}
