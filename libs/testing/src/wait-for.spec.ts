import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first truthy value the probe returns', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), {
      description: 'the third call',
      intervalMs: 1,
    });
    expect(value).toEqual({ calls: 3 });
  });

  it('keeps polling while the probe throws, then resolves', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('not yet');
        return 'ready';
      },
      { description: 'readiness', intervalMs: 1 },
    );
    expect(value).toBe('ready');
  });

  it('rejects with the description once the deadline passes', async () => {
    await expect(
      waitFor(() => false, {
        description: 'the complaint to be triaged',
        timeoutMs: 20,
        intervalMs: 5,
      }),
    ).rejects.toThrow('timed out after 20 ms waiting for the complaint to be triaged');
  });

  it("names the probe's last error in the timeout", async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('404 Not Found');
        },
        { description: 'the case', timeoutMs: 10, intervalMs: 2 },
      ),
    ).rejects.toThrow(/the case; the last attempt failed: 404 Not Found/);
  });
});
