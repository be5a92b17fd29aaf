import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import { TRIAGE_POLICY_SUBJECT } from '@redress/contracts';
import type { EventStore, Sql, Statement } from '@redress/event-store';
import type { QueryResult } from 'pg';
import {
  acceptPolicy,
  compilePolicy,
  DEFAULT_TRIAGE_POLICY,
  summarisePolicyChange,
  type CompiledPolicy,
  type TriagePolicy,
} from '../../domain';
import { TRIAGE_CLOCK, TRIAGE_EVENT_STORE } from '../tokens';
import { TRIAGE_ACTOR, TRIAGE_SOURCE, triageEvents, type EventContext } from '../triage-events';

/** How long a replica trusts its cached policy version before asking which is current. */
const POLICY_RECHECK_MS = 1_000;

/** The stream of `TriagePolicyChanged` events: the history of every policy version. */
const POLICY_STREAM = TRIAGE_POLICY_SUBJECT;

export interface PolicyVersion {
  version: number;
  policy: TriagePolicy;
  changedBy: string;
  changedAt: string;
}

/**
 * The triage policy is data, versioned: each version is a row of `triage.policies` and a
 * `TriagePolicyChanged` event, written in one transaction. Decisions use the newest version at
 * the time they are made and record its number. The compiled form is cached per version; every
 * decision's transaction asks which version is current, so a change made through any replica
 * applies to the next decision of every replica.
 */
@Injectable()
export class PolicyStore implements OnModuleInit {
  private readonly logger = new Logger('PolicyStore');
  private cached: CompiledPolicy | undefined;
  /**
   * The last version this replica wrote or read whole, so that the next change's summary does
   * not read its predecessor back (147 kB of JSON for a policy at the keyword limit). Versions
   * never change once committed; `remember` is called only after the commit.
   */
  private known: { version: number; policy: TriagePolicy } | undefined;
  /** Until when the cached version is taken as current without asking the database. */
  private checkedUntil = 0;

  constructor(
    @Inject(TRIAGE_EVENT_STORE) private readonly store: EventStore,
    @Inject(TRIAGE_CLOCK) private readonly clock: Clock,
  ) {}

  /** Before anything decides: the first start stores the default policy as version 1. */
  onModuleInit(): Promise<void> {
    return this.ensureInitialised();
  }

  async ensureInitialised(): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('redress.triage.policy'))`);
      if ((await this.currentVersion(tx)) > 0) return;
      await this.save(tx, DEFAULT_TRIAGE_POLICY, 0, {
        actor: TRIAGE_ACTOR,
        correlationId: randomUUID(),
      });
      this.logger.log('stored the default triage policy as version 1');
    });
  }

  /**
   * The policy decisions made in this transaction use. A change through this replica applies to
   * its next decision; one through another replica within `POLICY_RECHECK_MS`.
   */
  async current(tx: Sql): Promise<CompiledPolicy> {
    if (this.cached && Date.now() < this.checkedUntil) return this.cached;
    const version = await this.currentVersion(tx);
    this.checkedUntil = Date.now() + POLICY_RECHECK_MS;
    if (version === 0) throw new Error('no triage policy stored yet');
    if (this.cached?.version === version) return this.cached;
    const { rows } = await tx.query<{ policy: unknown }>(
      'SELECT policy FROM triage.policies WHERE version = $1',
      [version],
    );
    this.cached = compilePolicy(rows[0]?.policy, version);
    return this.cached;
  }

  /** After a change committed: the next decision of this replica asks which version is current. */
  invalidate(): void {
    this.checkedUntil = 0;
  }

  /** A version as committed (the answer of a change), for the next change's summary. */
  remember(saved: Pick<PolicyVersion, 'version' | 'policy'>): void {
    if (!this.known || saved.version >= this.known.version) {
      this.known = { version: saved.version, policy: saved.policy };
    }
  }

  async read(tx: Sql): Promise<PolicyVersion> {
    const { rows } = await tx.query<{
      version: number;
      policy: TriagePolicy;
      changed_by: string;
      changed_at: Date;
    }>(
      'SELECT version, policy, changed_by, changed_at FROM triage.policies ORDER BY version DESC LIMIT 1',
    );
    const row = rows[0];
    if (!row) throw new Error('no triage policy stored yet');
    return {
      version: row.version,
      policy: row.policy,
      changedBy: row.changed_by,
      changedAt: row.changed_at.toISOString(),
    };
  }

  /**
   * The read `change` starts from, for the transaction to send in BEGIN's round-trip
   * (`EventStore.transaction`'s `opening`); `change` takes its result.
   */
  readonly currentVersionRead: Statement = { text: CURRENT_VERSION, values: [] };

  /**
   * Stores a new version: validated first (InvalidTriagePolicy: 400 naming each bad part), then
   * appended to the policy stream at the version read, so two concurrent changes cannot both
   * build on the same predecessor. The keyword automaton is built by the first decision that
   * uses the version (`current`), not here: it checks nothing validation has not, and it is most
   * of the cost of a large policy.
   */
  async change(
    tx: Sql,
    policy: unknown,
    context: EventContext,
    opened?: QueryResult,
  ): Promise<PolicyVersion> {
    const previous = opened === undefined ? await this.currentVersion(tx) : versionIn(opened);
    // `policy` is the request's body, which nothing else holds: frozen as it is, not copied.
    const accepted = acceptPolicy(policy, previous + 1, { handedOver: true });
    return this.save(tx, accepted, previous, context);
  }

  private async save(
    tx: Sql,
    policy: Readonly<TriagePolicy>,
    previous: number,
    { actor, correlationId }: EventContext,
  ): Promise<PolicyVersion> {
    const version = previous + 1;
    const now = this.clock.now();
    const before = previous > 0 ? await this.policyOf(tx, previous) : undefined;
    const data = {
      version,
      ...(previous > 0 ? { previousVersion: previous } : {}),
      changedAt: now.toISOString(),
      changedBy: { kind: actor.type === 'system' ? 'system' : 'admin', id: actor.id } as const,
      summary: summarisePolicyChange(before, policy as TriagePolicy),
      policy: policy as unknown as Record<string, unknown>,
    };
    triageEvents.assertValid('TriagePolicyChanged', data);
    // The row takes the policy from the event appended just before it, in the same round-trip:
    // a policy at the keyword limit is about 120 kB of JSON, sent and parsed once instead of
    // twice. Should the event not be there to read (an event store that defers its writes), the
    // policy is sent.
    const {
      results: [copied],
    } = await this.store.appendWith(
      tx,
      POLICY_STREAM,
      previous,
      [{ type: 'TriagePolicyChanged', schemaVersion: 1, data }],
      { source: TRIAGE_SOURCE, correlationId, actor },
      [
        {
          text: `INSERT INTO triage.policies (version, policy, changed_by, changed_at)
                 SELECT $1::int, data->'policy', $2::text, $3::timestamptz FROM triage.events
                  WHERE stream_id = $4::text AND stream_version = $1::int
                    AND type = 'TriagePolicyChanged'`,
          values: [version, actor.id, now, POLICY_STREAM],
        },
      ],
      // The event is not read back: it would be as large as the policy.
      { returnData: false },
    );
    if (copied?.rowCount !== 1) {
      await tx.query(
        `INSERT INTO triage.policies (version, policy, changed_by, changed_at) VALUES ($1, $2, $3, $4)`,
        [version, JSON.stringify(policy), actor.id, now],
      );
    }
    // What was stored, as `read` gives it (the answer of PUT), without reading it back.
    return {
      version,
      policy: policy as TriagePolicy,
      changedBy: actor.id,
      changedAt: now.toISOString(),
    };
  }

  /** A stored version's policy: the compiled one this replica holds, or read. */
  private async policyOf(tx: Sql, version: number): Promise<TriagePolicy> {
    if (this.cached?.version === version) return this.cached.policy as TriagePolicy;
    if (this.known?.version === version) return this.known.policy;
    const { rows } = await tx.query<{ policy: TriagePolicy }>(
      'SELECT policy FROM triage.policies WHERE version = $1',
      [version],
    );
    const row = rows[0];
    if (!row) throw new Error(`triage policy version ${version} is not stored`);
    return row.policy;
  }

  private async currentVersion(tx: Sql): Promise<number> {
    return versionIn(await tx.query(CURRENT_VERSION));
  }
}

const CURRENT_VERSION = 'SELECT max(version) AS version FROM triage.policies';

/** The version `CURRENT_VERSION` found (0: none stored yet). */
function versionIn(result: Pick<QueryResult, 'rows'>): number {
  const version: unknown = result.rows[0]?.version;
  return typeof version === 'number' ? version : 0;
}
