import { ConcurrencyConflict, IdempotencyKeyConflict, retryOnConflict } from './errors';

describe('retryOnConflict', () => {
  it('runs the work again after a concurrency conflict', async () => {
    let calls = 0;
    const result = await retryOnConflict(async () => {
      calls += 1;
      if (calls < 3) throw new ConcurrencyConflict('s-1', calls);
      return 'done';
    });
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after the given number of attempts with the last conflict', async () => {
    let calls = 0;
    const work = async (): Promise<never> => {
      calls += 1;
      throw new ConcurrencyConflict('s-1', 4);
    };
    await expect(retryOnConflict(work, 2)).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect(calls).toBe(2);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    const work = async (): Promise<never> => {
      calls += 1;
      throw new Error('boom');
    };
    await expect(retryOnConflict(work)).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });

  it('treats an idempotency key race as a conflict', () => {
    const error = new IdempotencyKeyConflict('alice POST /complaints', 'k-1');
    expect(error).toBeInstanceOf(ConcurrencyConflict);
    expect(error).toMatchObject({
      name: 'IdempotencyKeyConflict',
      scope: 'alice POST /complaints',
      key: 'k-1',
    });
  });
});
