import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@redress/business-time';
import type { Sql } from '@redress/event-store';
import { ComplaintNotFound } from '../../domain/errors';
import { maskPersonalData } from '../../domain/masking';
import type { ProgressEvent } from '../../domain/public-stage.policy';
import type { WithdrawComplaintDto } from '../../http/complaint.dto';
import { ComplaintProgressRecords } from '../complaint-progress';
import { ComplaintStream, type CommandContext, type Decided } from '../complaint-stream';
import { IdempotentCommands, type CommandResult } from '../idempotent-commands';
import { PersonalDataVault } from '../personal-data/personal-data.vault';
import { ComplaintAccess } from '../query-complaints/complaint-access';
import type { ComplaintView } from '../query-complaints/complaint-view';
import { INTAKE_CLOCK } from '../tokens';

/**
 * The customer (or an agent on their behalf) withdraws an open complaint; the reason leaves
 * intake masked like every free text.
 */
@Injectable()
export class WithdrawComplaint {
  constructor(
    private readonly stream: ComplaintStream,
    private readonly vault: PersonalDataVault,
    private readonly idempotent: IdempotentCommands,
    private readonly access: ComplaintAccess,
    private readonly progress: ComplaintProgressRecords,
    @Inject(INTAKE_CLOCK) private readonly clock: Clock,
  ) {}

  execute(
    complaintId: string,
    dto: WithdrawComplaintDto,
    context: CommandContext,
    idempotencyKey?: string,
  ): Promise<CommandResult<ComplaintView>> {
    return this.stream.withRetry((tx) =>
      this.idempotent.run(
        tx,
        `withdraw:${complaintId}:${context.actor.id}`,
        idempotencyKey,
        dto,
        async () => {
          const { state } = await this.stream.load(tx, complaintId);
          if (state.status === 'none') throw new ComplaintNotFound(complaintId);
          const route = await this.access.assertMayAct(tx, context.actor, state);
          const reason =
            dto.reason === undefined
              ? undefined
              : await this.maskedReason(tx, complaintId, dto.reason);
          const decided = await this.stream.execute(
            tx,
            complaintId,
            {
              type: 'WithdrawComplaint',
              complaintId,
              at: this.clock.now().toISOString(),
              ...(reason !== undefined ? { reason } : {}),
            },
            context,
          );
          await this.recordProgress(tx, decided);
          return { status: 200, body: this.access.view(decided.state, decided.version, route) };
        },
      ),
    );
  }

  /** The public status shows the withdrawal from the same commit on. */
  private async recordProgress(tx: Sql, decided: Decided): Promise<void> {
    const withdrawal = decided.events.find((e) => e.type === 'ComplaintWithdrawn');
    const withdrawnAt = decided.state.withdrawnAt;
    if (withdrawal === undefined || withdrawnAt === undefined) return;
    const event: ProgressEvent = {
      id: withdrawal.eventId,
      source: withdrawal.metadata.source,
      streamversion: withdrawal.streamVersion,
      type: 'ComplaintWithdrawn',
      data: { withdrawnAt },
    };
    await this.progress.record(tx, withdrawal.streamId, [event], this.clock.now());
  }

  private async maskedReason(tx: Sql, complaintId: string, reason: string): Promise<string> {
    const contact = await this.vault.read(tx, complaintId);
    return maskPersonalData(reason, 'erased' in contact ? [] : [contact]);
  }
}
