import { maskContactsInText, maskEmail, maskName, maskPhone } from './masking';

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
