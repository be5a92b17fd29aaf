import type { KafkaMessage } from 'kafkajs';
import { decodeHeaders, parseMessage } from './inbound-message';
import { isPoisonMessage } from './poison-message';

function record(value: Buffer | null, key: Buffer | null = Buffer.from('c-1')): KafkaMessage {
  return {
    key,
    value,
    timestamp: '1700000000000',
    attributes: 0,
    offset: '41',
    headers: { 'content-type': Buffer.from('application/json'), ce_id: 'e-1' },
  };
}

describe('parseMessage', () => {
  it('parses the JSON value and decodes key and headers', () => {
    const raw = Buffer.from('{"type":"ComplaintRegistered","data":{"title":"破损"}}');
    const parsed = parseMessage('complaints.intake.v1', 2, record(raw));
    expect(parsed).toEqual({
      ok: true,
      message: {
        topic: 'complaints.intake.v1',
        partition: 2,
        offset: '41',
        key: 'c-1',
        headers: { 'content-type': 'application/json', ce_id: 'e-1' },
        value: { type: 'ComplaintRegistered', data: { title: '破损' } },
        raw,
        timestamp: '1700000000000',
      },
    });
  });

  it('turns a value that is not JSON into a PoisonMessage, keeping the raw bytes', () => {
    const raw = Buffer.from('{"type":');
    const parsed = parseMessage('t', 0, record(raw, null));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(isPoisonMessage(parsed.poison)).toBe(true);
    expect(parsed.poison.message).toMatch(/^value is not valid JSON: /);
    expect(parsed.message.raw).toBe(raw);
    expect(parsed.message.key).toBeNull();
  });

  it('passes a record without value through as null', () => {
    const parsed = parseMessage('t', 0, record(null));
    expect(parsed).toMatchObject({ ok: true, message: { value: null, raw: null } });
  });
});

describe('decodeHeaders', () => {
  it('keeps the last value of a repeated header and skips undefined ones', () => {
    expect(decodeHeaders({ a: [Buffer.from('1'), '2'], b: undefined, c: 'plain' })).toEqual({
      a: '2',
      c: 'plain',
    });
  });
});
