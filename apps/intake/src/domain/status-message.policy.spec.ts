import { PUBLIC_STAGES } from './public-stage.policy';
import { formatInstant, statusLanguage, statusMessage } from './status-message.policy';

const SHANGHAI = 'Asia/Shanghai';
const by = '2026-11-25T10:00:00.000Z';

describe('the language of the status page', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', undefined, 'zh'],
    ['en-GB,en;q=0.9', 'zh-CN', 'en'],
    ['fr-FR, en;q=0.5, zh;q=0.7', undefined, 'zh'],
    ['ZH-hant-TW', undefined, 'zh'],
    ['en;q=0.4, zh;q=0.4', undefined, 'en'],
    ['fr, de', 'zh', 'zh'],
    ['fr, de', 'ja', 'en'],
    [undefined, 'zh-Hans', 'zh'],
    [undefined, undefined, 'en'],
    ['', 'en-US', 'en'],
    ['*', 'zh', 'zh'],
    ['*', undefined, 'en'],
    ['zh;q=0, *', 'zh', 'en'],
    ['en;q=0', undefined, 'zh'],
    ['en;q=0', 'en', 'zh'],
    ['zh;q=2, en', undefined, 'en'],
    ['zh;q=abc, en;q=0.1', undefined, 'en'],
    ['<script>, ;;;, zh-;q=, en', undefined, 'en'],
    ['\u0000zh', 'zh', 'zh'],
  ] as const)('Accept-Language %p for a complaint in %p → %s', (header, complaint, language) => {
    expect(statusLanguage(header, complaint)).toBe(language);
  });

  it('reads a very long header without trouble and takes only its first ranges', () => {
    const header = [...Array.from({ length: 60 }, (_, i) => `x${i};q=0.9`), 'zh'].join(',');
    expect(statusLanguage(header, undefined)).toBe('en');
    expect(statusLanguage('a'.repeat(10_000), 'zh')).toBe('zh');
  });
});

describe('the status message', () => {
  it('writes the promised date in the enterprise’s zone, with the offset, in either language', () => {
    expect(formatInstant(by, 'zh', SHANGHAI)).toBe('2026年11月25日 18:00（UTC+08:00）');
    expect(formatInstant(by, 'en', SHANGHAI)).toBe('25 November 2026, 18:00 (UTC+08:00)');
    expect(formatInstant('2026-01-01T00:05:00Z', 'en', 'UTC')).toBe(
      '1 January 2026, 00:05 (UTC+00:00)',
    );
  });

  it('promises a contact, then a resolution, in Chinese and in English', () => {
    expect(statusMessage('triaged', { kind: 'contact', by }, 'zh', SHANGHAI)).toBe(
      '您的投诉已受理。我们将于2026年11月25日 18:00（UTC+08:00）前联系您。',
    );
    expect(statusMessage('triaged', { kind: 'contact', by }, 'en', SHANGHAI)).toBe(
      'Your complaint has been accepted for handling. We will contact you by 25 November 2026, 18:00 (UTC+08:00).',
    );
    expect(statusMessage('in_progress', { kind: 'resolve', by }, 'zh', SHANGHAI)).toBe(
      '我们正在处理您的投诉。我们将于2026年11月25日 18:00（UTC+08:00）前为您处理完毕。',
    );
    expect(statusMessage('plan_offered', { kind: 'resolve', by }, 'en', SHANGHAI)).toBe(
      'We have offered you a solution; please let us know your choice. We will resolve your complaint by 25 November 2026, 18:00 (UTC+08:00).',
    );
  });

  it('apologises instead of showing a date that has passed', () => {
    expect(statusMessage('in_progress', { kind: 'overdue' }, 'en', SHANGHAI)).toMatch(
      /^We are working on your complaint\. This is taking longer than we promised\./,
    );
    expect(statusMessage('reopened', { kind: 'overdue' }, 'zh', SHANGHAI)).toContain('深表歉意');
  });

  it('has a sentence for every stage in both languages, without a date when none is promised', () => {
    for (const stage of PUBLIC_STAGES) {
      const zh = statusMessage(stage, { kind: 'none' }, 'zh', SHANGHAI);
      const en = statusMessage(stage, { kind: 'none' }, 'en', SHANGHAI);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(en).toMatch(/^[\x20-\x7e]+$/);
      expect(`${zh} ${en}`).not.toMatch(/\d/);
    }
    expect(
      new Set(PUBLIC_STAGES.map((s) => statusMessage(s, { kind: 'none' }, 'en', 'UTC'))).size,
    ).toBe(PUBLIC_STAGES.length);
  });
});
