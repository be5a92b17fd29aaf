import {
  Logger,
  type BeforeApplicationShutdown,
  type InjectionToken,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';

/**
 * One readiness check: resolves when the dependency answers, rejects (or hangs) when not. With
 * `inject`, the check receives those providers, looked up anywhere in the application:
 *
 *   { name: 'database', inject: [PG_POOL], check: (pool: Pool) => pool.query('SELECT 1') }
 */
export interface ReadinessIndicator {
  name: string;
  check: (...dependencies: never[]) => Promise<unknown>;
  inject?: InjectionToken[];
}

export type ReadinessOutcome = { status: 'up' } | { status: 'down'; reason: string };

export const DEFAULT_READINESS_TIMEOUT_MS = 3_000;

interface RegisteredCheck {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * The service's readiness checks. Those given to `HealthModule.forRoot` are bound at bootstrap;
 * a provider can also inject this and `register` its own (e.g. a consumer reporting its group).
 * Once shutdown begins, the service reports not ready so the load balancer drains it first.
 */
export class ReadinessChecks implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly checks = new Map<string, RegisteredCheck>();
  private readonly log = new Logger('Readiness');
  private shuttingDown = false;

  constructor(
    private readonly indicators: readonly ReadinessIndicator[],
    readonly timeoutMs: number,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Binds the declared indicators to their providers; a missing provider stops the start. */
  onApplicationBootstrap(): void {
    for (const indicator of this.indicators) {
      const dependencies = (indicator.inject ?? []).map((token) =>
        this.moduleRef.get<unknown>(token, { strict: false }),
      );
      this.register(indicator.name, () => indicator.check(...(dependencies as never[])));
    }
  }

  register(name: string, check: () => Promise<unknown>): void {
    if (this.checks.has(name)) throw new Error(`readiness check "${name}" is registered twice`);
    this.checks.set(name, { name, run: check });
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  /** Runs every check concurrently, each bounded by the timeout. */
  async runAll(): Promise<Map<string, ReadinessOutcome>> {
    const outcomes = await Promise.all(
      this.names().map(async (name) => [name, await this.run(name)] as const),
    );
    return new Map(outcomes);
  }

  async run(name: string): Promise<ReadinessOutcome> {
    const check = this.checks.get(name);
    if (check === undefined) return { status: 'down', reason: 'not registered' };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = Symbol('timed out');
    const deadline = new Promise<typeof timedOut>((resolve) => {
      timer = setTimeout(() => resolve(timedOut), this.timeoutMs);
    });
    try {
      const result = await Promise.race([check.run().then(() => 'up' as const), deadline]);
      if (result === timedOut) {
        this.log.warn(`readiness check "${check.name}" timed out after ${this.timeoutMs} ms`);
        return { status: 'down', reason: `timed out after ${this.timeoutMs} ms` };
      }
      return { status: 'up' };
    } catch (error: unknown) {
      // The reason stays in the log: /health/ready is public, and errors name hosts and users.
      this.log.warn(
        `readiness check "${check.name}" failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return { status: 'down', reason: 'failed' };
    } finally {
      clearTimeout(timer);
    }
  }
}
