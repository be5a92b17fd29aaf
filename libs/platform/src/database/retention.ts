import { Logger } from '@nestjs/common';
import type { BaseServiceConfig } from '../config/base-service.config';

const HOUR = 3_600_000;

/**
 * The retention settings of a service's event store (`RetentionSweeper` options), from its
 * configuration, with what each sweep purged logged as counts only.
 */
export function retentionSettings(
  config: Pick<
    BaseServiceConfig,
    'IDEMPOTENCY_KEY_RETENTION_HOURS' | 'CONSUMER_LEDGER_RETENTION_DAYS'
  >,
) {
  const logger = new Logger('Retention');
  return {
    idempotencyKeysMs: config.IDEMPOTENCY_KEY_RETENTION_HOURS * HOUR,
    processedEventsMs: config.CONSUMER_LEDGER_RETENTION_DAYS * 24 * HOUR,
    onPurged: (purged: { idempotencyKeys: number; processedEvents: number }) =>
      logger.log(
        `purged ${purged.idempotencyKeys} idempotency key(s) and ${purged.processedEvents} ledger row(s) past their retention`,
      ),
    onError: (error: unknown) =>
      logger.warn(
        `retention sweep failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
  };
}
