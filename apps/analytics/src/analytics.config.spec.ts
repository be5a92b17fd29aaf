import { ConfigError } from '@redress/platform';
import { buildAnalyticsPolicy, standardOffsetMinutes } from './analytics.config';

describe('the analytics policy of the environment', () => {
  it('puts the default windows on the local days of ANALYTICS_TIME_ZONE', () => {
    expect(standardOffsetMinutes('Asia/Shanghai')).toBe(480);
    expect(standardOffsetMinutes('Europe/Berlin')).toBe(60);
    expect(standardOffsetMinutes('America/New_York')).toBe(-300);
    expect(standardOffsetMinutes('Asia/Kolkata')).toBe(330);
    expect(standardOffsetMinutes('UTC')).toBe(0);
    const berlin = buildAnalyticsPolicy({ ANALYTICS_TIME_ZONE: 'Europe/Berlin' });
    expect(berlin.policy.windows.utcOffsetMinutes).toBe(60);
  });

  it('takes a given document as it is, and names what is wrong in it', () => {
    const given = buildAnalyticsPolicy({ ANALYTICS_TIME_ZONE: 'Europe/Berlin' });
    const document = structuredClone(given.policy);
    document.windows.utcOffsetMinutes = 0;
    document.surges.test.raiseScore = 5;
    const compiled = buildAnalyticsPolicy({
      ANALYTICS_TIME_ZONE: 'Europe/Berlin',
      ANALYTICS_POLICY: JSON.stringify(document),
    });
    expect(compiled.policy.windows.utcOffsetMinutes).toBe(0);
    expect(compiled.policy.surges.test.raiseScore).toBe(5);
    document.surges.test.continueScore = 9;
    expect(() =>
      buildAnalyticsPolicy({
        ANALYTICS_TIME_ZONE: 'Europe/Berlin',
        ANALYTICS_POLICY: JSON.stringify(document),
      }),
    ).toThrow(/ANALYTICS_POLICY\.surges\.test\.continueScore: must not exceed raiseScore/);
  });

  it('refuses a time zone it cannot place, naming the variable', () => {
    expect(() => standardOffsetMinutes('Mars/Olympus_Mons')).toThrow(ConfigError);
    expect(() => standardOffsetMinutes('Mars/Olympus_Mons')).toThrow(/ANALYTICS_TIME_ZONE/);
  });
});
