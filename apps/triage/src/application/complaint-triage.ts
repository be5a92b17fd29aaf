import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import type { ComplaintRegisteredData } from '@redress/contracts';
import type { EventStore, Sql } from '@redress/event-store';
import {
  classify,
  clusterKey,
  escalationTimers,
  factsFromRegistration,
  reassess,
  reclassify,
  reviewRequestFor,
  triage,
  type CompiledPolicy,
  type ComplaintFacts,
  type SupervisorReclassification,
  type TriageDecision,
  type TriageStreamEvent,
} from '../domain';
import { classRank, higherClass } from '../domain/grades';
import { ComplaintNotTriaged } from './errors';
import { PolicyStore } from './policy/policy-store';
import { TRIAGE_CLOCK, TRIAGE_EVENT_STORE } from './tokens';
import { TRIAGE_SOURCE, triageEvents, type EventContext } from './triage-events';
import { TriageRecords, type TriageRecord } from './triage-records';

/** What changes a re-assessment looks at, beyond the time and the stored facts. */
export interface ReassessOptions {
  /** Facts after an amendment or a linked duplicate; the stored facts otherwise. */
  facts?: ComplaintFacts;
  /** `ComplaintAmended.changedFields`: classification is redone when the text or subject changed. */
  amendedFields?: readonly string[];
  /** The cluster size a newer complaint of the same cluster counted (it covers this one too). */
  clusterCount?: number;
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
  ) {}

  /** `ComplaintRegistered`: the first decision (`ComplaintTriaged`), once per complaint. */
  async triageRegistration(tx: Sql, data: ComplaintRegisteredData, cause: EventContext) {
    const existing = await this.records.load(tx, data.complaintId);
    if (existing?.decision) return;
    const compiled = await this.policies.current(tx);
    const now = this.clock.now();
    const facts = factsFromRegistration(data);
    const customerRef = data.customer.customerRef;
    const { category } = classify(facts, compiled);
    const key = clusterKey(facts, category);
    const context = await this.records.context(
      tx,
      {
        complaintId: facts.complaintId,
        customerRef,
        clusterKey: key,
        registeredAt: facts.registeredAt,
      },
      { type: facts.subject.type, productSku: facts.subject.productSku, category },
      existing?.lifecycle ?? 'open',
      compiled.policy.escalation.cluster.windowDays,
    );
    const decision = triage(facts, context, compiled, now);
    const events: TriageStreamEvent[] = [{ type: 'ComplaintTriaged', data: decision }];
    const review = reviewRequestFor(facts, decision, compiled, now);
    if (review) events.push({ type: 'TriageReviewRequested', data: review });
    await this.commit(
      tx,
      { complaintId: facts.complaintId, customerRef, streamVersion: existing?.streamVersion ?? 0 },
      facts,
      decision,
      events,
      compiled,
      cause,
      now,
    );
    await this.escalateCluster(tx, compiled, key, facts, context.clusterCount, cause);
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
    const record = await this.records.load(tx, complaintId);
    if (!record?.decision || !record.facts || !record.customerRef) return undefined;
    const compiled = await this.policies.current(tx);
    const now = this.clock.now();
    const facts = options.facts ?? record.facts;
    const key = record.clusterKey ?? clusterKey(facts, record.decision.category);
    const context = await this.records.context(
      tx,
      {
        complaintId,
        customerRef: record.customerRef,
        clusterKey: key,
        registeredAt: facts.registeredAt,
      },
      {
        type: facts.subject.type,
        productSku: facts.subject.productSku,
        category: record.decision.category,
      },
      record.lifecycle,
      compiled.policy.escalation.cluster.windowDays,
    );
    if (options.clusterCount !== undefined) {
      context.clusterCount = Math.max(context.clusterCount, options.clusterCount);
    }
    if (options.amendedFields) context.amendedFields = options.amendedFields;
    const result = reassess(record.decision, facts, context, compiled, now);
    if (result.events.length === 0 && options.facts === undefined) return record.decision;
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
   * makes all of them hot. When this complaint's count reaches a cluster rule, the open
   * complaints of the same cluster within the window are re-assessed with that count.
   */
  private async escalateCluster(
    tx: Sql,
    compiled: CompiledPolicy,
    key: string,
    facts: ComplaintFacts,
    clusterCount: number,
    cause: EventContext,
  ): Promise<void> {
    const { windowDays, rules } = compiled.policy.escalation.cluster;
    const reached = rules.filter((rule) => clusterCount >= rule.minComplainants);
    if (reached.length === 0) return;
    const clusterClass = reached.map((rule) => rule.class).reduce(higherClass);
    const members = await this.records.clusterMembers(
      tx,
      key,
      facts.registeredAt,
      windowDays,
      facts.complaintId,
      classRank(clusterClass),
    );
    for (const member of members) {
      await this.reassessComplaint(tx, member, cause, { clusterCount });
    }
  }

  private async commit(
    tx: Sql,
    record: Pick<TriageRecord, 'complaintId' | 'customerRef' | 'streamVersion'>,
    facts: ComplaintFacts,
    decision: TriageDecision,
    events: TriageStreamEvent[],
    compiled: CompiledPolicy,
    cause: EventContext,
    now: Date,
  ): Promise<void> {
    const version = await this.append(tx, record.complaintId, record.streamVersion, events, cause);
    await this.records.save(
      tx,
      {
        complaintId: record.complaintId,
        customerRef: record.customerRef ?? '',
        clusterKey: clusterKey(facts, decision.category),
        facts,
        decision,
        streamVersion: version,
      },
      now,
    );
    await this.records.armTimers(
      tx,
      record.complaintId,
      escalationTimers(facts, decision, compiled),
    );
  }

  private async append(
    tx: Sql,
    complaintId: string,
    expectedVersion: number,
    events: TriageStreamEvent[],
    cause: EventContext,
  ): Promise<number> {
    if (events.length === 0) return expectedVersion;
    for (const event of events) triageEvents.assertValid(event.type, event.data);
    await this.store.append(
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
    );
    return expectedVersion + events.length;
  }
}
