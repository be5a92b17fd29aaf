import { createHmac } from 'node:crypto';
import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { tooManyRequestsProblem } from '@redress/platform';
import type { StatusLimits } from '../application/intake-settings';
import { upperCaseTrackingNo } from '../application/tracking';

/** The limits' names: the key of a counter starts with one of them. */
export const PER_CLIENT = 'client';
export const PER_TRACKING_NO = 'trackingNo';

export const RATE_LIMIT_KEY = Symbol('RATE_LIMIT_KEY');

/**
 * `@nestjs/throttler`'s options for the public status page (CONTRACT.md, changes of 2026-12-04:
 * "rate-limited per client and per tracking number"): per client address (`req.ip`, which
 * `HTTP_TRUST_PROXY` makes the address a trusted proxy reports; IPv6 by /64, as the library
 * does) and per tracking number, from all addresses together, so guessing one complaint's code
 * from many addresses is limited too. Both over the same window.
 */
export function statusThrottlerOptions(limits: StatusLimits): ThrottlerModuleOptions {
  const ttl = limits.windowSeconds * 1000;
  return {
    throttlers: [
      { name: PER_CLIENT, ttl, limit: limits.perClient },
      {
        name: PER_TRACKING_NO,
        ttl,
        limit: limits.perTrackingNo,
        getTracker: (req) => trackingNoOf(req),
      },
    ],
  };
}

function trackingNoOf(req: Record<string, unknown>): string {
  const params = req['params'];
  const value =
    typeof params === 'object' && params !== null ? Reflect.get(params, 'trackingNo') : undefined;
  return typeof value === 'string' ? upperCaseTrackingNo(value).slice(0, 64) : '';
}

/**
 * The throttler guard of the public status page. Both of its routes (`GET` with the header,
 * `POST` with the body) count against the same limits; a counter's key is an HMAC of the limit
 * and the client address or tracking number, so the table keeps neither in clear. Past a limit:
 * 429 as problem+json with `Retry-After`.
 */
@Injectable()
export class PublicStatusThrottle extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(RATE_LIMIT_KEY) private readonly key: Buffer,
  ) {
    super(options, storage, reflector);
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `${name}:${createHmac('sha256', this.key).update(`${name}\n${tracker}`).digest('base64url')}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const what = detail.key.startsWith(`${PER_TRACKING_NO}:`)
      ? 'for this tracking number'
      : 'from your address';
    const seconds = Math.max(1, detail.timeToBlockExpire);
    throw tooManyRequestsProblem(
      `too many status requests ${what}; try again in ${seconds} s`,
      seconds,
    );
  }
}
