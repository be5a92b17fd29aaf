import { mergeRules } from './triage-decision';

const rule = (name: string, reason = name) => ({ rule: name, reason });

describe('mergeRules', () => {
  it('replaces how it was classified, routed and clocked, and keeps the history of its grade', () => {
    const previous = [
      rule('subject-type:product'),
      rule('keyword:product.quality'),
      rule('routing:product'),
      rule('severity:default'),
      rule('escalation:unresolved-7d'),
      rule('sla:general'),
    ];
    const added = [
      rule('classification:supervisor'),
      rule('routing:supervisor'),
      rule('severity:safety-hazard'),
    ];
    expect(mergeRules(previous, added).map((r) => r.rule)).toEqual([
      'escalation:unresolved-7d',
      'sla:general',
      'classification:supervisor',
      'routing:supervisor',
      'severity:safety-hazard',
    ]);
  });

  it('keeps the latest reason of a rule that fires again', () => {
    const merged = mergeRules(
      [rule('supervisor:reclassification', 'first')],
      [rule('supervisor:reclassification', 'second')],
    );
    expect(merged).toEqual([rule('supervisor:reclassification', 'second')]);
  });
});
