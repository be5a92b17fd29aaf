import fc from 'fast-check';
import { maskContactsInText, maskEmail, maskName, maskPhone, replaceEmails } from './masking';

describe('masking personal data', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 138-1234-5678', '861******5678'],
    ['5551234', '*****34'],
    ['123', '***'],
  ])('masks phone %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it.each([
    ['alice@example.com', 'a***@example.com'],
    ['Bob.Smith@Example.COM', 'B***@example.com'],
    ['broken', '***'],
  ])('masks e-mail %s as %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['Alice Smith', 'A****'],
    ['', ''],
  ])('masks name %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('masks phones, e-mails and the known name inside free text', () => {
    const text = '我是张三，电话13812345678，邮箱 zhang.san@example.cn，快递单号 12345 还没到';
    const masked = maskContactsInText(text, ['张三']);
    expect(masked).toBe('我是张*，电话138****5678，邮箱 z***@example.cn，快递单号 12345 还没到');
    expect(masked).not.toContain('13812345678');
    expect(masked).not.toContain('zhang.san');
  });
});

describe('finding e-mail addresses in text', () => {
  // What masking used to run: right, but it starts over at every character (quadratic).
  const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
  const mark = (email: string) => `<${email}>`;

  it('finds exactly what the regular expression finds', () => {
    const text = fc.string({ unit: fc.constantFrom(...'ab1Z.@-_%+ 投'), maxLength: 40 });
    fc.assert(
      fc.property(text, (t) => {
        expect(replaceEmails(t, mark)).toBe(t.replace(EMAIL_IN_TEXT, mark));
      }),
      { seed: 10, numRuns: 5_000 },
    );
  });

  it.each([
    ['one address', 'mail a.b@example.com now', 'mail <a.b@example.com> now'],
    ['two, back to back', 'a@b.com1@c.de', '<a@b.com><1@c.de>'],
    ['a top-level domain cut short by a digit', 'a@b.com1', '<a@b.com>1'],
    ['no dot after the "@"', 'a@b c@d.io', 'a@b <c@d.io>'],
    ['no local part', '@b.com', '@b.com'],
  ])('%s', (_case, text, expected) => {
    expect(replaceEmails(text, mark)).toBe(expected);
  });
});
