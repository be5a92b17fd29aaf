import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CorrelationId,
  correlationIdMiddleware,
  currentCorrelationId,
  ensureCorrelationId,
  isValidCorrelationId,
} from './correlation-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function exchange(header?: string): {
  req: IncomingMessage;
  res: ServerResponse;
  sent: Map<string, string>;
} {
  const sent = new Map<string, string>();
  const req = {
    headers: header === undefined ? {} : { 'x-correlation-id': header },
  } as IncomingMessage;
  const res = {
    headersSent: false,
    setHeader: (name: string, value: string) => sent.set(name, value),
  } as unknown as ServerResponse;
  return { req, res, sent };
}

describe('correlation id', () => {
  it.each([
    ['0b0f6a0e-5d47-4a8e-9a59-0c6f3c1f9a61', true],
    ['order-4711.retry:2', true],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
    ['has space', false],
    ['line\nbreak', false],
    ['', false],
  ])('accepts %j from a caller: %s', (value, expected) => {
    expect(isValidCorrelationId(value)).toBe(expected);
  });

  it("keeps the caller's id and echoes it", () => {
    const { req, res, sent } = exchange('abc-123');
    expect(ensureCorrelationId(req, res)).toBe('abc-123');
    expect(sent.get('X-Correlation-Id')).toBe('abc-123');
  });

  it('replaces an unsafe id with a UUID, once per request', () => {
    const { req, res, sent } = exchange('<script>');
    const id = ensureCorrelationId(req, res);
    expect(id).toMatch(UUID);
    expect(ensureCorrelationId(req, res)).toBe(id);
    expect(sent.get('X-Correlation-Id')).toBe(id);
  });

  it('makes the id current for the rest of the request only', () => {
    const { req, res } = exchange('req-1');
    let seen: string | undefined;
    correlationIdMiddleware(req, res, () => {
      seen = currentCorrelationId();
    });
    expect(seen).toBe('req-1');
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('lets a consumer run work under the correlation id of the event it handles', async () => {
    const seen = await CorrelationId.run('event-corr-9', async () => {
      await Promise.resolve();
      return CorrelationId.current();
    });
    expect(seen).toBe('event-corr-9');
  });
});
