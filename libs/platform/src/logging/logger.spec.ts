import { createLogger } from './logger';
import { sanitizeUrl } from './http-logger';

function capture(): { lines: Array<Record<string, unknown>>; write: (line: string) => void } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes JSON with the service, the level as a word and an ISO time', () => {
    const out = capture();
    createLogger('triage', 'info', out).info({ complaintId: 'c-1' }, 'triaged');
    expect(out.lines[0]).toMatchObject({
      service: 'triage',
      level: 'info',
      msg: 'triaged',
      complaintId: 'c-1',
    });
    expect(String(out.lines[0]?.['time'])).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('redacts personal data and secrets at any of the first levels of an object', () => {
    const out = capture();
    createLogger('intake', 'info', out).info(
      {
        email: 'a@example.com',
        customer: { name: '张三', phone: '13900001111', tier: 'high' },
        attachments: [{ name: 'photo.jpg', sha256: 'abc' }],
        auth: { credentials: { password: 'p', token: 't', secret: 's' } },
        req: {
          headers: {
            authorization: 'Bearer x',
            cookie: 'sid=1',
            'x-access-code': 'K7QW2M9XAB',
            accept: 'application/json',
          },
        },
      },
      'registered',
    );
    const line = JSON.stringify(out.lines[0]);
    expect(line).not.toMatch(
      /a@example\.com|张三|13900001111|photo\.jpg|Bearer x|sid=1|"p"|"t"|"s"/,
    );
    expect(out.lines[0]).toMatchObject({
      customer: { name: '[redacted]', phone: '[redacted]', tier: 'high' },
      req: {
        headers: {
          authorization: '[redacted]',
          cookie: '[redacted]',
          'x-access-code': '[redacted]',
          accept: 'application/json',
        },
      },
    });
  });

  it('stays silent below its level', () => {
    const out = capture();
    createLogger('triage', 'warn', out).info('not shown');
    expect(out.lines).toHaveLength(0);
  });
});

describe('sanitizeUrl', () => {
  it('masks sensitive query values and keeps the rest', () => {
    expect(sanitizeUrl('/public/complaints/T123?code=9f8e&lang=zh')).toBe(
      '/public/complaints/T123?code=[redacted]&lang=zh',
    );
    expect(sanitizeUrl('/complaints')).toBe('/complaints');
  });
});
