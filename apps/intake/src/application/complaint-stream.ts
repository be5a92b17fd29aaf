import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@redress/contracts';
import {
  ConcurrencyConflict,
  EventStore,
  queryPrepared,
  type Sql,
  type StoredEvent,
  type TransactionOptions,
} from '@redress/event-store';
import type { QueryResult } from 'pg';
import { initialState, type ComplaintEvent, type ComplaintState } from '../domain/complaint';
import { decide, fold, type ComplaintCommand } from '../domain/complaint.decider';
import { subjectKey } from '../domain/duplicate.policy';
import { intakeEvents } from './intake-events';
import { INTAKE_EVENT_STORE } from './tokens';

export interface CommandContext {
  actor: Actor;
  correlationId: string;
}

export interface Decided {
  state: ComplaintState & { status: 'registered' | 'withdrawn' };
  events: StoredEvent[];
  version: number;
}

const MAX_CONFLICT_RETRIES = 5;

/**
 * Runs one command against one complaint's stream: load → fold → decide → append, then brings
 * the `complaints` read table up to date in the same transaction. A concurrent writer on the
 * same complaint surfaces as ConcurrencyConflict; the command is then re-decided on fresh state.
 */
@Injectable()
export class ComplaintStream {
  constructor(@Inject(INTAKE_EVENT_STORE) private readonly store: EventStore) {}

  async load(tx: Sql, complaintId: string): Promise<{ state: ComplaintState; version: number }> {
    const stored = await this.store.readStream(complaintId, tx);
    const events = stored.map(toDomainEvent);
    return { state: fold(events, initialState()), version: stored.length };
  }

  /**
   * Decides and appends inside the caller's transaction (no retry: the caller owns it).
   * `newStream`: the caller has just generated `complaintId`, so the stream cannot exist yet and
   * is not read (version 0, initial state); the append would still refuse an existing stream.
   */
  async execute(
    tx: Sql,
    complaintId: string,
    command: ComplaintCommand,
    context: CommandContext,
    extra: { accessCodeMac?: string; newStream?: boolean } = {},
  ): Promise<Decided> {
    const { state, version } = extra.newStream
      ? { state: initialState(), version: 0 }
      : await this.load(tx, complaintId);
    const events = decide(command, state);
    for (const e of events) intakeEvents.assertValid(e.type, e.data);
    const stored = await this.store.append(
      tx,
      complaintId,
      version,
      events.map((e) => ({
        type: e.type,
        schemaVersion: intakeEvents.currentVersion(e.type),
        data: e.data,
      })),
      { source: '/redress/intake', correlationId: context.correlationId, actor: context.actor },
    );
    const next = fold(events, state);
    if (next.status === 'none') throw new Error('a decided complaint cannot be empty');
    await this.project(tx, next, version + events.length, extra.accessCodeMac);
    return { state: next, events: stored, version: version + events.length };
  }

  /**
   * Retries a whole transaction when another writer appended to the same stream first.
   * `lockKey`: an advisory lock taken with BEGIN, held until the transaction ends; `opening`: a
   * read sent in the same round-trip, whose result `work` gets (see EventStore.transaction).
   */
  async withRetry<T>(
    work: (tx: Sql, opened: QueryResult | undefined) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.transaction(work, options);
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  private async project(
    tx: Sql,
    state: ComplaintState & { status: 'registered' | 'withdrawn' },
    version: number,
    accessCodeMac: string | undefined,
  ): Promise<void> {
    const params = [
      state.complaintId,
      state.trackingNo,
      accessCodeMac ?? null,
      state.status,
      state.channel,
      state.customer.customerRef,
      state.subject.type,
      subjectKey(state.subject),
      state.subject.productSku ?? null,
      state.region ?? null,
      state.receivingDepartment ?? null,
      state.registeredAt,
      state.acknowledgeBy,
      state.updatedAt,
      version,
      JSON.stringify(state),
      state.imported,
    ];
    // The access code's MAC is written once, at registration; later projections keep it.
    await queryPrepared(
      tx,
      `INSERT INTO intake.complaints (complaint_id, tracking_no, access_code_mac, status, channel,
         customer_ref, subject_type, subject_key, product_sku, region, receiving_department,
         registered_at, acknowledge_by, updated_at, stream_version, view, imported)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)
       ON CONFLICT (complaint_id) DO UPDATE SET
         status = EXCLUDED.status, customer_ref = EXCLUDED.customer_ref,
         subject_type = EXCLUDED.subject_type, subject_key = EXCLUDED.subject_key,
         product_sku = EXCLUDED.product_sku, region = EXCLUDED.region,
         acknowledge_by = EXCLUDED.acknowledge_by, updated_at = EXCLUDED.updated_at,
         stream_version = EXCLUDED.stream_version, view = EXCLUDED.view`,
      params,
    );
  }
}

/** Events read back from our own store are validated like any inbound event. */
function toDomainEvent(e: StoredEvent): ComplaintEvent {
  return {
    type: e.type,
    data: intakeEvents.decode(e.type, e.schemaVersion, e.data),
  } as ComplaintEvent;
}
