import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import type { ComplaintDeadlinesReissuedData, ComplaintRegisteredData } from '@redress/contracts';
import type { EventStore, Sql, Statement } from '@redress/event-store';
import type { QueryResult } from 'pg';
import { Timers } from '@redress/timers';
import {
  classify,
  clusterKey,
  escalationTimers,
  factsFromRegistration,
  reassess,
  receivedAtOf,
  reclassify,
  reissueDeadlines,
  reviewRequestFor,
  subjectKey,
  triage,
  type ClusterWindow,
  type CompiledPolicy,
  type ComplaintFacts,
  type SupervisorReclassification,
  type TriageDecision,
  type TriageStreamEvent,
  evolve,
} from '../domain';
import { classRank, higherClass } from '../domain/grades';
import { ComplaintNotTriaged } from './errors';
import { PolicyStore } from './policy/policy-store';
import { armEscalationTimers } from './timers/escalation-timer';
import { TRIAGE_CLOCK, TRIAGE_EVENT_STORE } from './tokens';
import { TRIAGE_SOURCE, triageEvents, type EventContext } from './triage-events';
import { TriageRecords, type ContextQuery, type TriageRecord } from './triage-records';

/** A registration's decision, prepared before its transaction (`planRegistration`). */
export interface RegistrationPlan {
  compiled: CompiledPolicy;
  facts: ComplaintFacts;
  customerRef: string;
  category: string;
  /**
   * The concrete subject it shares with others, whose lock the decision's transaction must hold;
   * none for a complaint that names no subject of the policy's (it belongs to no cluster).
   */
  clusterKey: string | undefined;
  /** What the decision reads first: the complaint's row and its context (`loadWithContext`). */
  contextQuery: ContextQuery;
}

/** What changes a re-assessment looks at, beyond the time and the stored facts. */
export interface ReassessOptions {
  /**
   * The facts after an amendment or a linked duplicate, from the stored ones (read once, with
   * the row); the stored facts are used as they are otherwise.
   */
  changeFacts?: (stored: ComplaintFacts) => ComplaintFacts;
  /** The transaction already holds the complaint's cluster lock (a cluster being escalated). */
  clusterLocked?: boolean;
  /** `ComplaintAmended.changedFields`: classification is redone when the text or subject changed. */
  amendedFields?: readonly string[];
  /** The cluster size a newer complaint of the same cluster counted (it covers this one too). */
  clusterCount?: number;
  /**
   * `ComplaintReopened.reopenedAt`: the complaint went into a new round, whose deadlines triage
   * issues (`ComplaintDeadlinesReissued`) after re-assessing it, once per reopening.
   */
  reopenedAt?: string;
}

/**
 * Triage's use of its domain: gathers the facts and the context the rules of DOMAIN §2 need,
 * asks the domain for the decision, appends the resulting events to the complaint's triage
 * stream and brings `triage.complaints` and the timers up to date, all in the caller's
 * transaction (which also records the inbound event as processed).
 */
@Injectable()
export class ComplaintTriage {
  constructor(
    @Inject(TRIAGE_EVENT_STORE) private readonly store: EventStore,
    @Inject(TRIAGE_CLOCK) private readonly clock: Clock,
    private readonly records: TriageRecords,
    private readonly policies: PolicyStore,
    private readonly timers: Timers,
  ) {}

  /**
   * What a registration's decision needs before its transaction begins: the policy, the facts
   * and the cluster, whose lock the transaction takes with BEGIN.
   */
  async planRegistration(data: ComplaintRegisteredData): Promise<RegistrationPlan> {
    const compiled = await this.policies.current(this.store.pool);
    const facts = factsFromRegistration(data);
    const { category } = classify(facts, compiled);
    const customerRef = data.customer.customerRef;
    const key = clusterKey(facts, compiled.policy.escalation.cluster.subjects);
    return {
      compiled,
      facts,
      customerRef,
      category,
      clusterKey: key,
      contextQuery: this.contextQuery(facts, customerRef, key, category, compiled),
    };
  }

  /** The read a registration's decision starts with, for BEGIN's round-trip (`processOnce`). */
  openingOf(plan: RegistrationPlan): Statement {
    return this.records.loadWithContextStatement(plan.contextQuery);
  }

  /**
   * `ComplaintRegistered`: the first decision (`ComplaintTriaged`), once per complaint, in a
   * transaction that already holds the lock of `plan.clusterKey` (`planRegistration`), and
   * `opened` the result of `openingOf(plan)` when it was sent with BEGIN (read here otherwise).
   * The events parked for the complaint are taken in the same round-trip as the decision's
   * writes and returned, for the caller to apply.
   */
  async triageRegistration(
    tx: Sql,
    plan: RegistrationPlan,
    cause: EventContext,
    opened?: QueryResult,
  ): Promise<unknown[]> {
    const { compiled, facts, customerRef, clusterKey: key } = plan;
    const now = this.clock.now();
    const { record: existing, context } = opened
      ? this.records.loadedWithContext(opened, plan.contextQuery)
      : await this.records.loadWithContext(tx, plan.contextQuery);
    if (existing?.decision) return this.records.unpark(tx, facts.complaintId);
    const decision = triage(facts, context, compiled, now);
    const events: TriageStreamEvent[] = [{ type: 'ComplaintTriaged', data: decision }];
    const review = reviewRequestFor(facts, decision, compiled, now);
    if (review) events.push({ type: 'TriageReviewRequested', data: review });
    const [unparked] = await this.commit(
      tx,
      { complaintId: facts.complaintId, customerRef, streamVersion: existing?.streamVersion ?? 0 },
      facts,
      decision,
      events,
      compiled,
      cause,
      now,
      [this.records.unparkStatement(facts.complaintId)],
    );
    // An imported complaint counts in its cluster (the next live decision sees it) but escalates
    // no one: an import of history raises nothing in the live queues.
    if (key !== undefined && !facts.imported) {
      await this.escalateCluster(tx, compiled, key, facts, context.clusterWindow, cause);
    }
    return this.records.parkedOf(unparked);
  }

  /**
   * Re-assesses one triaged complaint (amendment, linked duplicate, timer, cluster, hot topic,
   * reopening); appends what changed. Does nothing for a complaint not triaged yet.
   */
  async reassessComplaint(
    tx: Sql,
    complaintId: string,
    cause: EventContext,
    options: ReassessOptions = {},
  ): Promise<TriageDecision | undefined> {
    // The cluster's lock before the complaint's row, as a registration takes them (the cluster
    // with BEGIN, then the rows it escalates): taken the other way round, the two could deadlock.
    const locked = options.clusterLocked
      ? undefined
      : await this.records.lockClusterOf(tx, complaintId);
    const record = await this.records.load(tx, complaintId);
    if (!record?.decision || !record.facts || !record.customerRef) return undefined;
    const compiled = await this.policies.current(tx);
    const now = this.clock.now();
    const facts = options.changeFacts?.(record.facts) ?? record.facts;
    const key = clusterKey(facts, compiled.policy.escalation.cluster.subjects);
    if (!options.clusterLocked && key !== undefined && key !== locked) {
      await this.records.lockCluster(tx, key);
    }
    const context = await this.records.context(
      tx,
      this.contextQuery(facts, record.customerRef, key, record.decision.category, compiled),
      record.lifecycle,
    );
    if (options.clusterCount !== undefined) {
      context.clusterCount = Math.max(context.clusterCount, options.clusterCount);
    }
    if (options.amendedFields) context.amendedFields = options.amendedFields;
    const result = reassess(record.decision, facts, context, compiled, now);
    if (options.reopenedAt !== undefined) {
      const reissued = reissueDeadlines(
        result.decision,
        options.reopenedAt,
        await this.lastReissuedFor(tx, complaintId),
        context,
        compiled,
        now,
      );
      if (reissued) {
        const event: TriageStreamEvent = { type: 'ComplaintDeadlinesReissued', data: reissued };
        result.events.push(event);
        result.decision = evolve(result.decision, event) ?? result.decision;
      }
    }
    if (result.events.length === 0 && options.changeFacts === undefined) return record.decision;
    await this.commit(tx, record, facts, result.decision, result.events, compiled, cause, now);
    return result.decision;
  }

  /** A supervisor's reclassification (CONTRACT `POST /triage/:complaintId/reclassification`). */
  async reclassifyComplaint(
    tx: Sql,
    complaintId: string,
    input: SupervisorReclassification,
    cause: EventContext,
  ): Promise<TriageDecision> {
    const record = await this.records.load(tx, complaintId);
    if (!record?.decision || !record.facts) throw new ComplaintNotTriaged(complaintId);
    const compiled = await this.policies.current(tx);
    const now = this.clock.now();
    const { decision, reclassified } = reclassify(record.decision, input, compiled, now);
    await this.commit(
      tx,
      record,
      record.facts,
      decision,
      [{ type: 'ComplaintReclassified', data: reclassified }],
      compiled,
      cause,
      now,
    );
    return decision;
  }

  /**
   * DOMAIN §2: "≥ 3 complaints of the same type from different complainants within one month"
   * makes all of them hot. When this complaint's count reaches a cluster rule, the open live
   * complaints of the same cluster within the window are re-assessed with that count.
   */
  private async escalateCluster(
    tx: Sql,
    compiled: CompiledPolicy,
    key: string,
    facts: ComplaintFacts,
    window: ClusterWindow,
    cause: EventContext,
  ): Promise<void> {
    const clusterCount = window.count;
    const reached = compiled.policy.escalation.cluster.rules.filter(
      (rule) => clusterCount >= rule.minComplainants,
    );
    if (reached.length === 0) return;
    const clusterClass = reached.map((rule) => rule.class).reduce(higherClass);
    const members = await this.records.clusterMembers(
      tx,
      key,
      window,
      facts.complaintId,
      classRank(clusterClass),
    );
    for (const member of members) {
      // Members were selected by this cluster key, whose lock this transaction holds.
      await this.reassessComplaint(tx, member, cause, { clusterCount, clusterLocked: true });
    }
  }

  /** The reopening whose deadlines the complaint's stream last issued, if any. */
  private async lastReissuedFor(tx: Sql, complaintId: string): Promise<string | undefined> {
    const stream = await this.store.readStream(complaintId, tx);
    let last: string | undefined;
    for (const event of stream) {
      if (event.type !== 'ComplaintDeadlinesReissued') continue;
      const data = triageEvents.decode(event.type, event.schemaVersion, event.data);
      last = (data as ComplaintDeadlinesReissuedData).reopenedAt;
    }
    return last;
  }

  private contextQuery(
    facts: ComplaintFacts,
    customerRef: string,
    key: string | undefined,
    category: string,
    compiled: CompiledPolicy,
  ): ContextQuery {
    return {
      complaintId: facts.complaintId,
      customerRef,
      clusterKey: key,
      subjectKey: subjectKey(facts, category),
      receivedAt: receivedAtOf(facts),
      subject: {
        type: facts.subject.type,
        productSku: facts.subject.productSku,
        batchNo: facts.subject.batchNo,
        purchaseChannel: facts.subject.purchaseChannel,
        category,
      },
      windowDays: compiled.policy.escalation.cluster.windowDays,
    };
  }

  /**
   * Appends the events, writes the complaint's row and then `alongside` in one round-trip
   * (`EventStore.appendWith`), then arms the timers; resolves to `alongside`'s results.
   */
  private async commit(
    tx: Sql,
    record: Pick<TriageRecord, 'complaintId' | 'customerRef' | 'streamVersion'>,
    facts: ComplaintFacts,
    decision: TriageDecision,
    events: TriageStreamEvent[],
    compiled: CompiledPolicy,
    cause: EventContext,
    now: Date,
    alongside: readonly Statement[] = [],
  ): Promise<QueryResult[]> {
    const save = this.records.saveStatement(
      {
        complaintId: record.complaintId,
        customerRef: record.customerRef ?? '',
        clusterKey: clusterKey(facts, compiled.policy.escalation.cluster.subjects),
        subjectKey: subjectKey(facts, decision.category),
        facts,
        decision,
        streamVersion: record.streamVersion + events.length,
      },
      now,
    );
    const [, ...results] = await this.append(
      tx,
      record.complaintId,
      record.streamVersion,
      events,
      cause,
      [save, ...alongside],
    );
    await armEscalationTimers(
      this.timers,
      tx,
      record.complaintId,
      escalationTimers(facts, decision, compiled),
      now,
    );
    return results;
  }

  /** Appends `events` with `alongside` in the same round-trip; resolves to their results. */
  private async append(
    tx: Sql,
    complaintId: string,
    expectedVersion: number,
    events: TriageStreamEvent[],
    cause: EventContext,
    alongside: readonly Statement[],
  ): Promise<QueryResult[]> {
    for (const event of events) triageEvents.assertValid(event.type, event.data);
    const { results } = await this.store.appendWith(
      tx,
      complaintId,
      expectedVersion,
      events.map((event) => ({
        type: event.type,
        schemaVersion: triageEvents.currentVersion(event.type),
        data: event.data,
      })),
      {
        source: TRIAGE_SOURCE,
        correlationId: cause.correlationId,
        ...(cause.causationId ? { causationId: cause.causationId } : {}),
        actor: cause.actor,
      },
      alongside,
      { returnData: false },
    );
    return results;
  }
}
