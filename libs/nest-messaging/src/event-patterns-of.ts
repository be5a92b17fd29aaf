import type { Type } from '@nestjs/common';
import { PATTERN_HANDLER_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { PatternHandler } from '@nestjs/microservices/enums/pattern-handler.enum';
import type { EventPatternOf } from './event-routes';

/**
 * The patterns of the `@EventPattern` handlers a controller class declares, in declaration
 * order: for a test that a service's controller takes exactly the event types its application
 * reads (an inbound type without a handler would be ignored without a word).
 */
export function eventPatternsOf(controller: Type<unknown>): EventPatternOf[] {
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const method = prototype[name];
    if (typeof method !== 'function' || name === 'constructor') return [];
    if (Reflect.getMetadata(PATTERN_HANDLER_METADATA, method) !== PatternHandler.EVENT) return [];
    return (Reflect.getMetadata(PATTERN_METADATA, method) ?? []) as EventPatternOf[];
  });
}
