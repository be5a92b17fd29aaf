import fc from 'fast-check';
import {
  characterClasses,
  maskEmail,
  maskIdentifier,
  maskName,
  maskPersonalData,
  maskPhone,
  mentionsKnownPerson,
  phoneDigits,
} from './masking';

/** The regular-expression form `characterClasses` had before it became one pass: the reference. */
function characterClassesByRegExp(text: string): string {
  return text.replace(
    /([0-9\uFF10-\uFF19]+)|((?:(?![0-9\uFF10-\uFF19])[\p{L}\p{N}])+)|[^\p{L}\p{N}]+/gu,
    (run, digits?: string, word?: string) =>
      digits !== undefined
        ? digits.replace(/[\uFF10-\uFF19]/g, (d) =>
            String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48),
          )
        : (word !== undefined ? 'w' : '_').repeat(run.length),
  );
}

describe('masking personal data', () => {
  it.each([
    ['13812345678', '*******5678'],
    ['+86 138-1234-5678', '*********5678'],
    ['１３８１２３４５６７８', '*******5678'],
    ['5551234', '*****34'],
    ['12345', '***45'],
    ['123', '***'],
  ])('masks phone %s as %s: at most the last 4 digits stay', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('never shows more than the last 4 digits, however long the number', () => {
    for (let length = 1; length <= 30; length += 1) {
      const digits = Array.from({ length }, (_, i) => String(i % 10)).join('');
      const masked = maskPhone(digits);
      const visible = masked.replace(/\*/g, '');
      expect(masked).toHaveLength(length);
      expect(visible.length).toBeLessThanOrEqual(4);
      expect(digits.endsWith(visible)).toBe(true);
    }
  });

  it.each([
    ['alice@example.com', 'a***@example.com'],
    ['Bob.Smith@Example.COM', 'B***@example.com'],
    ['zhang＠example.cn', 'z***@example.cn'],
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

  it.each([
    ['VIP-7Q4K9ZX2', '**********X2'],
    ['C-1042', '******'],
  ])('masks enterprise id %s as %s', (id, masked) => {
    expect(maskIdentifier(id)).toBe(masked);
  });

  it('reads full-width digits as digits', () => {
    expect(phoneDigits('＋８６ １３８-1234')).toBe('861381234');
  });
});

describe('masking personal data in free text', () => {
  it('masks phones, e-mails and the known name, and leaves short numbers alone', () => {
    const text = '我是张三，电话13812345678，邮箱 zhang.san@example.cn，快递单号 12345 还没到';
    expect(maskPersonalData(text, [{ name: '张三' }])).toBe(
      '我是张*，电话*******5678，邮箱 z***@example.cn，快递单号 12345 还没到',
    );
  });

  it.each([
    ['call +86 138-1234-5678 today', 'call +** ***-****-5678 today'],
    ['call (+86) 138 1234 5678', 'call (+**) *** **** 5678'],
    ['电话：１３８１２３４５６７８', '电话：*******５６７８'],
    ['138 - 1234 - 5678', '*** - **** - 5678'],
    ['card 6222 0212 3456 7890 123', 'card **** **** **** ***0 123'],
    ['mail ZHANG＠Example.CN now', 'mail Z***@example.cn now'],
    ['reply to a.b-c@mail.example.org.', 'reply to a***@mail.example.org.'],
  ])('masks %j as %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it('keeps dates and times, and masks a phone number written right after a date', () => {
    expect(maskPersonalData('bought 2026-12-04 10:30, 3 items, paid 1,299.00')).toBe(
      'bought 2026-12-04 10:30, 3 items, paid 1,299.00',
    );
    expect(maskPersonalData('2026/12/04 13812345678')).toBe('2026/12/04 *******5678');
  });

  it("masks the known person's phone however it is spaced, and their e-mail around a spaced @", () => {
    const person = { phone: '13812345678', email: 'qx.mirelle@example.org' };
    expect(maskPersonalData('ring 138_1234_5678 or qx.mirelle @ example.org', [person])).toBe(
      'ring ***_****_5678 or q***@example.org',
    );
  });

  it('masks the enterprise id and the name, also each part of a spaced name, as whole words', () => {
    const person = { name: 'Quillon Varga', externalId: 'VIP-7Q4K9ZX2' };
    expect(
      maskPersonalData(
        'Quillon Varga (card vip-7q4k9zx2) says: Varga here, quillon is my first name; Vargas is not',
        [person],
      ),
    ).toBe('Q**** (card **********x2) says: V**** here, q**** is my first name; Vargas is not');
  });

  it('masks an enterprise id holding a phone-like run of digits as the id it is', () => {
    const person = { name: 'Quillon Varga', externalId: 'VIP-4829553D' };
    expect(maskPersonalData('card VIP-4829553D, call me', [person])).toBe(
      'card **********3D, call me',
    );
  });

  it('masks a name of an unspaced script wherever it stands, and every known person', () => {
    const masked = maskPersonalData('欧阳娜娜的妈妈李小龙说', [
      { name: '欧阳娜娜' },
      { name: '李小龙' },
    ]);
    expect(masked).toBe('欧***的妈妈李**说');
  });

  it('leaves text without personal data as it is', () => {
    const text = 'The heater broke after 3 days; order B-77, batch 2026-11, model X200.';
    expect(maskPersonalData(text, [{ name: 'Jane Roe', phone: '5551234' }])).toBe(text);
  });

  describe('the character classes the known-person patterns match against', () => {
    it.each([
      ['Call 138-1234 now', 'wwww_138_1234_www'],
      ['１３８ 张三', '138_ww'],
      ['é ß ª ٣ ½ …', 'w_w_w_w_w__'],
      ['𠀀a😀', 'www__'],
      ['\ud800x\udc00', '_w_'],
    ])('classifies %j as %j', (text, classes) => {
      expect(characterClasses(text)).toBe(classes);
      expect(characterClassesByRegExp(text)).toBe(classes);
    });

    it("gives the regular expression's classes for any text, one per UTF-16 code unit", () => {
      const anyText = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.string({ unit: 'grapheme', maxLength: 30 }),
        fc.string({
          unit: fc.constantFrom(
            '1',
            '１',
            'a',
            'Z',
            '张',
            ' ',
            '-',
            '٣',
            '𠀀',
            '\ud800',
            '\udc00',
            'é',
          ),
          maxLength: 40,
        }),
      );
      fc.assert(
        fc.property(anyText, (text) => {
          const classes = characterClasses(text);
          expect(classes).toBe(characterClassesByRegExp(text));
          expect(classes).toHaveLength(text.length);
        }),
        { seed: 20261207, numRuns: 3000 },
      );
    });
  });

  it('masks every field of one person alike, with the patterns compiled once for that person', () => {
    const person = { name: 'Quillon Varga', phone: '13812345678', email: 'q.varga@example.com' };
    const text = 'Quillon Varga, 138 1234 5678, q.varga @ example.com';
    const first = maskPersonalData(text, [person]);
    expect(maskPersonalData(text, [person])).toBe(first);
    expect(maskPersonalData(text, [{ ...person }])).toBe(first);
    expect(first).toBe('Q****, *** **** 5678, q***@example.com');
    expect(mentionsKnownPerson('https://files.example.com/quillon%20varga.jpg', [person])).toBe(
      true,
    );
    expect(mentionsKnownPerson('https://files.example.com/varga.jpg', [person])).toBe(false);
    expect(mentionsKnownPerson('https://x.example.com/13812345678.png', [person])).toBe(true);
  });
});
