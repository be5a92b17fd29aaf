import { randomUUID } from 'node:crypto';
import { actorOf, currentCorrelationId, type AuthUser } from '@redress/platform';
import type { CommandContext } from '../application/complaint-stream';

export function commandContext(user: AuthUser): CommandContext {
  return { actor: actorOf(user), correlationId: currentCorrelationId() ?? randomUUID() };
}
