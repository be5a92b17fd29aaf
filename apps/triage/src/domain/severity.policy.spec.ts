import type { FlagName, Severity } from '@redress/contracts';
import { assessSeverity } from './severity.policy';
import { complaintFacts, defaultPolicy, withFlags } from './spec-fixtures';

function severityOf(
  description: string,
  flags: Partial<Record<FlagName, boolean>> = {},
  title?: string,
) {
  return assessSeverity(
    complaintFacts({ description, flags: withFlags(flags), ...(title ? { title } : {}) }),
    defaultPolicy,
  );
}

describe('severity (DOMAIN §2 table 3-1)', () => {
  it.each<[FlagName, Severity]>([
    ['safetyIncident', 'major'],
    ['regulatorInvolved', 'major'],
    ['mediaThreat', 'major'],
    ['mediaExposed', 'major'],
    ['lawsuitFiled', 'major'],
    ['legalThreat', 'serious'],
  ])('the flag %s makes it %s', (flag, severity) => {
    const result = severityOf('请尽快处理', { [flag]: true });
    expect(result.severity).toBe(severity);
    expect(result.firings.map((f) => f.rule.rule)).toEqual([`severity:flag.${flag}`]);
  });

  it.each([
    ['爆炸', '充电宝突然爆炸了'],
    ['起火', '插上电就起火'],
    ['烫伤', '孩子被烫伤了'],
    ['中毒', '吃完以后食物中毒'],
    ['燙傷 (traditional)', '孩子被燙傷了'],
    ['觸電 (traditional)', '摸到外殼會觸電'],
    ['著火 (traditional)', '用了十分鐘就著火'],
    ['fire', 'The charger caught FIRE last night'],
    ['explosion', 'There was an Explosion in the kitchen'],
    ['injury', 'my son has an injury from the blade'],
    ['burns (plural)', 'she suffered burns'],
    ['hospitalised (prefix)', 'he was hospitalised after eating it'],
  ])('a safety word (%s) makes it major', (_word, description) => {
    const result = severityOf(description);
    expect(result.severity).toBe('major');
    expect(result.firings[0]?.rule.rule).toBe('severity:safety-hazard');
  });

  it.each([
    ['firewall is not fire', 'the router firewall blocks my game'],
    ['fired is not fire', 'the cashier should be fired'],
  ])('does not mistake a longer English word for a safety word: %s', (_case, description) => {
    expect(severityOf(description).severity).toBe('general');
  });

  it.each([
    ['无法开机', '手机无法开机'],
    ['完全壞了 (traditional)', '收到就完全壞了'],
    ["won't turn on", "It won't turn on at all"],
  ])('a core-function failure (%s) makes it serious', (_word, description) => {
    expect(severityOf(description).severity).toBe('serious');
  });

  it.each([
    ['a batch problem', '这一整批货都有问题', 'severity:batch-quality'],
    ['a regulator threat', '再不处理我就打12315', 'severity:regulator-or-media-threat'],
    ['a media threat', '我要找媒体曝光', 'severity:regulator-or-media-threat'],
  ])('%s makes it major', (_case, description, rule) => {
    const result = severityOf(description);
    expect(result.severity).toBe('major');
    expect(result.firings.map((f) => f.rule.rule)).toContain(rule);
  });

  it('a question alone is minor', () => {
    const result = severityOf('请问积分怎么兑换？');
    expect(result.severity).toBe('minor');
    expect(result.firings).toEqual([
      {
        severity: 'minor',
        rule: { rule: 'severity:consultation', reason: 'description mentions "请问" (→ minor)' },
      },
    ]);
  });

  it('a question does not lower a serious complaint', () => {
    const result = severityOf('请问手机无法开机怎么办？');
    expect(result.severity).toBe('serious');
    expect(result.firings.map((f) => f.rule.rule)).toEqual(['severity:core-function-failure']);
  });

  it('the highest level wins and every rule that fired is listed', () => {
    const result = severityOf('无法开机，还冒烟了', { legalThreat: true });
    expect(result.severity).toBe('major');
    expect(result.firings.map((f) => f.rule.rule)).toEqual([
      'severity:flag.legalThreat',
      'severity:safety-hazard',
      'severity:core-function-failure',
    ]);
  });

  it('is general when no rule speaks', () => {
    const result = severityOf('颜色和图片不太一样');
    expect(result.severity).toBe('general');
    expect(result.firings.map((f) => f.rule.rule)).toEqual(['severity:default']);
  });
});
