import fc from 'fast-check';
import { viewOver } from './complaint-stream';

/** What Postgres makes of `base || over` for two JSON objects (top-level members replaced). */
function concatenated(base: unknown, over: Record<string, unknown>): unknown {
  return { ...(JSON.parse(JSON.stringify(base)) as object), ...JSON.parse(JSON.stringify(over)) };
}

const json = fc.jsonValue({ maxDepth: 2 });
const members = fc.dictionary(fc.string({ maxLength: 6 }), json, { maxKeys: 6 });

describe('the read row carries only what its view adds to the stream’s first event', () => {
  it('gives the whole view back once put over the event, as the fold builds it', () => {
    fc.assert(
      fc.property(
        members,
        members,
        fc.array(fc.string({ maxLength: 6 })),
        (base, changes, dropped) => {
          // The fold spreads the event's data and sets members of its own (evolve).
          const view: Record<string, unknown> = { ...base, ...changes };
          for (const key of dropped) if (!Object.hasOwn(base, key)) delete view[key];
          const over = viewOver(view, base);
          expect(over).toBeDefined();
          expect(concatenated(base, over!)).toEqual(JSON.parse(JSON.stringify(view)));
          for (const key of Object.keys(over!)) {
            expect(Object.hasOwn(base, key) && base[key] === view[key]).toBe(false);
          }
        },
      ),
      { numRuns: 500, seed: 20261207 },
    );
  });

  it('says nothing when the view drops or leaves undefined a member of the event', () => {
    expect(viewOver({ a: 1 }, { a: 1, b: 2 })).toBeUndefined();
    expect(viewOver({ a: 1, b: undefined }, { a: 1, b: 2 })).toBeUndefined();
    expect(viewOver({ a: 1 }, [1])).toBeUndefined();
    expect(viewOver({ a: 1 }, null)).toBeUndefined();
  });

  it('carries a member that only looks the same but is another value', () => {
    const base = { customer: { name: 'a' }, n: 1 };
    expect(viewOver({ customer: { name: 'a' }, n: 1, status: 'registered' }, base)).toEqual({
      customer: { name: 'a' },
      status: 'registered',
    });
  });
});
