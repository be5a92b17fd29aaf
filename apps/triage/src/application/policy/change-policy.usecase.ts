import { Inject, Injectable } from '@nestjs/common';
import { retryOnConflict, type EventStore } from '@redress/event-store';
import { answerOnce } from '../idempotency';
import { TRIAGE_EVENT_STORE } from '../tokens';
import type { EventContext } from '../triage-events';
import { PolicyStore, type PolicyVersion } from './policy-store';

/** `GET/PUT /triage/policy`: the policy in force, and a new version of it. */
@Injectable()
export class ChangePolicy {
  constructor(
    @Inject(TRIAGE_EVENT_STORE) private readonly store: EventStore,
    private readonly policies: PolicyStore,
  ) {}

  current(): Promise<PolicyVersion> {
    return this.store.transaction((tx) => this.policies.read(tx));
  }

  async execute(
    policy: unknown,
    context: EventContext,
    idempotencyKey?: string,
  ): Promise<PolicyVersion> {
    // The current version is read in BEGIN's round-trip.
    const saved = await retryOnConflict(() =>
      this.store.transaction(
        (tx, opened) =>
          answerOnce(tx, `policy:${context.actor.id}`, idempotencyKey, policy, () =>
            this.policies.change(tx, policy, context, opened),
          ),
        { opening: this.policies.currentVersionRead },
      ),
    );
    this.policies.invalidate();
    this.policies.remember(saved);
    return saved;
  }
}
