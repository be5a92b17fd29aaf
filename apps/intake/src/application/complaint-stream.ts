import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@redress/contracts';
import {
  ConcurrencyConflict,
  EventStore,
  GroupCommit,
  queryPrepared,
  type Sql,
  type GroupCommandOptions,
  type Statement,
  type StoredEvent,
  type TransactionOptions,
} from '@redress/event-store';
import type { QueryResult } from 'pg';
import { initialState, type ComplaintEvent, type ComplaintState } from '../domain/complaint';
import { decide, fold, type ComplaintCommand } from '../domain/complaint.decider';
import { subjectKey } from '../domain/duplicate.policy';
import { intakeEvents } from './intake-events';
import { INTAKE_EVENT_STORE, INTAKE_GROUP_COMMIT } from './tokens';

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
  constructor(
    @Inject(INTAKE_EVENT_STORE) private readonly store: EventStore,
    @Inject(INTAKE_GROUP_COMMIT) private readonly group: GroupCommit,
  ) {}

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
    extra: { accessCodeMac?: string; newStream?: boolean; alongside?: readonly Statement[] } = {},
  ): Promise<Decided & { alongside: QueryResult[] }> {
    const { state, version } = extra.newStream
      ? { state: initialState(), version: 0 }
      : await this.load(tx, complaintId);
    const events = decide(command, state);
    for (const e of events) intakeEvents.assertValid(e.type, e.data);
    const next = fold(events, state);
    if (next.status === 'none') throw new Error('a decided complaint cannot be empty');
    // The events, the read table's row and the caller's statements: one round-trip.
    const { events: stored, results } = await this.store.appendWith(
      tx,
      complaintId,
      version,
      events.map((e) => ({
        type: e.type,
        schemaVersion: intakeEvents.currentVersion(e.type),
        data: e.data,
      })),
      { source: '/redress/intake', correlationId: context.correlationId, actor: context.actor },
      [
        projection([
          readRow(
            next,
            version + events.length,
            extra.accessCodeMac,
            version === 0 ? events[0]?.data : undefined,
          ),
        ]),
        ...(extra.alongside ?? []),
      ],
      // The events as decided are what was stored: reading a registration's data back would
      // cost as much as sending it (up to ~130 kB of JSON decoded and parsed again).
      { returnData: false },
    );
    return {
      state: next,
      events: stored,
      version: version + events.length,
      alongside: results.slice(1),
    };
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

  /**
   * `withRetry` through group commit: `work` runs in a savepoint of a transaction it may share
   * with other commands that arrived at the same time, and resolves only once that transaction
   * committed (see GroupCommit). A conflict rolls back only this command, which is run again.
   */
  async withGroupRetry<T>(
    work: (tx: Sql, opened: QueryResult | undefined) => Promise<T>,
    options: GroupCommandOptions = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.group.run(work, options);
      } catch (error) {
        if (!(error instanceof ConcurrencyConflict) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  /**
   * Starts many complaints' streams in one round-trip each for the events and the read table:
   * every command is decided on the initial state (its id freshly generated by the caller), as
   * `execute` with `newStream` does one at a time.
   */
  async executeNew(
    tx: Sql,
    commands: readonly { complaintId: string; command: ComplaintCommand }[],
    context: CommandContext,
  ): Promise<void> {
    const decided = commands.map(({ complaintId, command }) => {
      const events = decide(command, initialState());
      for (const e of events) intakeEvents.assertValid(e.type, e.data);
      const state = fold(events, initialState());
      if (state.status === 'none') throw new Error('a decided complaint cannot be empty');
      return { complaintId, events, state };
    });
    await this.store.appendNewStreams(
      tx,
      decided.map(({ complaintId, events }) => ({
        streamId: complaintId,
        events: events.map((e) => ({
          type: e.type,
          schemaVersion: intakeEvents.currentVersion(e.type),
          data: e.data,
        })),
      })),
      { source: '/redress/intake', correlationId: context.correlationId, actor: context.actor },
      { returnData: false },
    );
    await this.project(
      tx,
      decided.map(({ state, events }) => readRow(state, events.length, undefined, events[0]?.data)),
    );
  }

  /** The `complaints` read table brought up to date with these rows (one statement). */
  private async project(tx: Sql, rows: readonly ComplaintRow[]): Promise<void> {
    const { text, values } = projection(rows);
    await queryPrepared(tx, text, [...values]);
  }
}

/**
 * The statement that brings the `complaints` read table up to date with these rows. A row whose
 * view starts from its stream's first event (`view_base`, see readRow) gets that event's data,
 * appended earlier in the same transaction, with the row's `view` over it.
 */
function projection(rows: readonly ComplaintRow[]): Statement {
  // The access code's MAC is written once, at registration; later projections keep it.
  return {
    text: `INSERT INTO intake.complaints (complaint_id, tracking_no, access_code_mac, status, channel,
         customer_ref, subject_type, subject_key, product_sku, region, receiving_department,
         registered_at, acknowledge_by, updated_at, stream_version, view, imported)
       SELECT complaint_id, tracking_no, access_code_mac, status, channel, customer_ref,
              subject_type, subject_key, product_sku, region, receiving_department, registered_at,
              acknowledge_by, updated_at, stream_version,
              CASE WHEN view_base IS NULL THEN view
                   ELSE (SELECT e.data FROM intake.events e
                          WHERE e.stream_id = r.view_base AND e.stream_version = 1) || view
              END,
              imported
         FROM jsonb_to_recordset($1::jsonb) AS r(complaint_id uuid, tracking_no text,
              access_code_mac text, status text, channel text, customer_ref text,
              subject_type text, subject_key text, product_sku text, region text,
              receiving_department text, registered_at timestamptz, acknowledge_by timestamptz,
              updated_at timestamptz, stream_version int, view jsonb, view_base text,
              imported boolean)
       ON CONFLICT (complaint_id) DO UPDATE SET
         status = EXCLUDED.status, customer_ref = EXCLUDED.customer_ref,
         subject_type = EXCLUDED.subject_type, subject_key = EXCLUDED.subject_key,
         product_sku = EXCLUDED.product_sku, region = EXCLUDED.region,
         acknowledge_by = EXCLUDED.acknowledge_by, updated_at = EXCLUDED.updated_at,
         stream_version = EXCLUDED.stream_version, view = EXCLUDED.view`,
    values: [JSON.stringify(rows)],
    prepared: true,
  };
}

type ComplaintRow = ReturnType<typeof readRow>;

/**
 * One row of the `complaints` read table, as `project` takes it. `first`: the data of the
 * stream's first event (a new stream's `ComplaintRegistered`, appended in the same
 * transaction), whose members the view mostly repeats: the row then carries only the members
 * that differ (`viewOver`), and the statement reads the rest from the stored event, so a
 * registration's text goes to Postgres once rather than twice.
 */
function readRow(
  state: ComplaintState & { status: 'registered' | 'withdrawn' },
  version: number,
  accessCodeMac: string | undefined,
  first?: unknown,
) {
  const over = first === undefined ? undefined : viewOver(state, first);
  return {
    complaint_id: state.complaintId,
    tracking_no: state.trackingNo,
    access_code_mac: accessCodeMac ?? null,
    status: state.status,
    channel: state.channel,
    customer_ref: state.customer.customerRef,
    subject_type: state.subject.type,
    subject_key: subjectKey(state.subject),
    product_sku: state.subject.productSku ?? null,
    region: state.region ?? null,
    receiving_department: state.receivingDepartment ?? null,
    registered_at: state.registeredAt,
    acknowledge_by: state.acknowledgeBy,
    updated_at: state.updatedAt,
    stream_version: version,
    view: over ?? state,
    view_base: over === undefined ? null : state.complaintId,
    imported: state.imported,
  };
}

/**
 * The members of `view` that `base || them` (jsonb's concatenation: `them` replaces members of
 * the same name) needs to equal `view` as JSON: those whose value is not the very value `base`
 * holds. Undefined when that cannot be said so: `base` is no object, or has a member `view` lacks
 * or leaves undefined (concatenation cannot remove one).
 */
export function viewOver(view: object, base: unknown): Record<string, unknown> | undefined {
  if (base === null || typeof base !== 'object' || Array.isArray(base)) return undefined;
  const given = base as Record<string, unknown>;
  const whole = view as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(whole, key) || whole[key] === undefined) return undefined;
  }
  const over: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(whole)) {
    if (value !== given[key] || !Object.hasOwn(given, key)) over[key] = value;
  }
  return over;
}

/** Events read back from our own store are validated like any inbound event. */
function toDomainEvent(e: StoredEvent): ComplaintEvent {
  return {
    type: e.type,
    data: intakeEvents.decode(e.type, e.schemaVersion, e.data),
  } as ComplaintEvent;
}
