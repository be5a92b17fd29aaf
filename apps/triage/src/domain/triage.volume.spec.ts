import { ComplaintTriaged, SUBJECT_TYPES } from '@redress/contracts';
import { compilePolicy } from './compiled-policy';
import { DEFAULT_TRIAGE_POLICY } from './default-policy';
import { complaintFacts, openContext, withFlags } from './spec-fixtures';
import { triage } from './triage.decider';

// Volume, not speed: thousands of varied decisions on the default policy, each one a valid
// ComplaintTriaged. Throughput is measured by the separate benchmark, never by a unit test.
describe('triage at volume', () => {
  it('decides 5,000 varied complaints without error, each a valid event', () => {
    const compiled = compilePolicy(DEFAULT_TRIAGE_POLICY, 1);
    const texts = [
      ['包装破损', '打开以后发现包装破损，里面的杯子碎了'],
      [undefined, 'The charger caught fire and my son got burns on his hand.'],
      ['客服態度惡劣', '打了三次電話都沒人接，接通後客服態度惡劣，還掛電話'],
      ['请问', '请问会员积分怎么兑换？'],
      [undefined, '小区电梯又坏了，报修三次一直没处理；楼上渗水到我家'],
      ['快递丢件', '包裹显示已签收但我没收到，快递员电话打不通'],
      [undefined, '你好'],
      [
        'ＳＴＯＰＰＥＤ ＷＯＲＫＩＮＧ',
        'It stopped working after two days, I will go to the media',
      ],
    ] as const;
    const registeredAt = Date.parse('2026-09-30T09:00:00.000Z');
    const invalid: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const [title, description] = texts[i % texts.length] ?? texts[0];
      const decision = triage(
        complaintFacts({
          registeredAt: new Date(registeredAt + (i % 97) * 3_600_000).toISOString(),
          subject: { type: SUBJECT_TYPES[i % SUBJECT_TYPES.length] ?? 'other' },
          ...(title ? { title } : {}),
          description,
          complainantCount: 1 + (i % 6),
          flags: withFlags({ legalThreat: i % 11 === 0, safetyIncident: i % 13 === 0 }),
          ...(i % 3 === 0 ? {} : { customerTier: i % 3 === 1 ? 'high' : 'low' }),
        }),
        openContext({ clusterCount: 1 + (i % 4), repeatAfterClosure: i % 7 === 0 }),
        compiled,
        new Date(registeredAt + (i % 45) * 86_400_000),
      );
      if (!ComplaintTriaged.check.Check(decision)) invalid.push(`#${i}`);
    }
    expect(invalid).toEqual([]);
  });
});
