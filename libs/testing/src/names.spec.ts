import { uniqueName } from './names';

describe('uniqueName', () => {
  it('starts with the prefix and differs on every call', () => {
    const names = new Set(Array.from({ length: 1000 }, () => uniqueName('orders')));
    expect(names.size).toBe(1000);
    for (const name of names) expect(name).toMatch(/^orders_[0-9a-f]{12}$/);
  });

  it('keeps only characters that are safe in topic, group and schema names', () => {
    expect(uniqueName('Intake Events/v1')).toMatch(/^intake_events_v1_[0-9a-f]{12}$/);
    expect(uniqueName('complaints.intake-v1')).toMatch(/^complaints\.intake-v1_[0-9a-f]{12}$/);
  });

  it('fits a Postgres identifier even for a long prefix', () => {
    expect(uniqueName('x'.repeat(100)).length).toBeLessThanOrEqual(63);
  });

  it('falls back to a generic prefix when nothing usable is left', () => {
    expect(uniqueName('')).toMatch(/^test_[0-9a-f]{12}$/);
  });
});
