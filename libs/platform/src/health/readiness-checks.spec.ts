import type { ModuleRef } from '@nestjs/core';
import { ReadinessChecks, type ReadinessIndicator } from './readiness-checks';

class Pool {
  constructor(private readonly up: boolean) {}
  query(): Promise<void> {
    return this.up ? Promise.resolve() : Promise.reject(new Error('ECONNREFUSED 10.0.0.5:5432'));
  }
}

const POOL = Symbol('POOL');

function checksWith(
  indicators: ReadinessIndicator[],
  providers: Map<unknown, unknown>,
  timeoutMs = 1000,
) {
  const moduleRef = {
    get: (token: unknown) => {
      if (!providers.has(token)) throw new Error(`no provider for ${String(token)}`);
      return providers.get(token);
    },
  } as unknown as ModuleRef;
  const checks = new ReadinessChecks(indicators, timeoutMs, moduleRef);
  checks.onApplicationBootstrap();
  return checks;
}

describe('ReadinessChecks', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('hands each check the providers it injects', async () => {
    const checks = checksWith(
      [
        { name: 'database', inject: [POOL], check: (pool: Pool) => pool.query() },
        { name: 'kafka', check: () => Promise.resolve() },
      ],
      new Map([[POOL, new Pool(true)]]),
    );
    await expect(checks.runAll()).resolves.toEqual(
      new Map([
        ['database', { status: 'up' }],
        ['kafka', { status: 'up' }],
      ]),
    );
  });

  it('reports a failing check as down without its error message', async () => {
    const checks = checksWith(
      [{ name: 'database', inject: [POOL], check: (pool: Pool) => pool.query() }],
      new Map([[POOL, new Pool(false)]]),
    );
    await expect(checks.run('database')).resolves.toEqual({ status: 'down', reason: 'failed' });
  });

  it('reports a check that does not answer in time as down', async () => {
    jest.useFakeTimers();
    const checks = checksWith(
      [{ name: 'kafka', check: () => new Promise(() => undefined) }],
      new Map(),
      250,
    );
    const outcome = checks.run('kafka');
    await jest.advanceTimersByTimeAsync(250);
    await expect(outcome).resolves.toEqual({ status: 'down', reason: 'timed out after 250 ms' });
  });

  it('accepts checks registered by other providers, once per name', async () => {
    const checks = checksWith([], new Map());
    checks.register('outbox', () => Promise.resolve());
    expect(() => checks.register('outbox', () => Promise.resolve())).toThrow(/twice/);
    await expect(checks.run('outbox')).resolves.toEqual({ status: 'up' });
  });

  it('fails at bootstrap when an injected provider does not exist', () => {
    expect(() =>
      checksWith([{ name: 'database', inject: [POOL], check: () => Promise.resolve() }], new Map()),
    ).toThrow(/no provider/);
  });

  it('reports not ready once shutdown begins', () => {
    const checks = checksWith([], new Map());
    expect(checks.isShuttingDown).toBe(false);
    checks.beforeApplicationShutdown();
    expect(checks.isShuttingDown).toBe(true);
  });
});
