import { CLOUDEVENTS_CONTENT_TYPE, type CloudEvent } from '@redress/contracts';
import { JsonText } from '@redress/event-store';
import { chunkBySize, chunkRuns, toRecord } from './event-publisher';

function event(id: string, data: unknown = {}): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: '/redress/intake',
    type: 'ComplaintRegistered',
    subject: 'complaint-1',
    time: '2025-03-01T08:00:00.000Z',
    datacontenttype: 'application/json',
    schemaversion: 1,
    streamversion: 1,
    correlationid: 'corr-1',
    authtype: 'system',
    authid: 'redress',
    data,
  };
}

describe('toRecord', () => {
  it('keys by subject and carries the whole envelope in structured mode', () => {
    const ce = event('e-1', { title: '屏幕破裂' });
    const record = toRecord(ce);
    expect(record.key).toBe('complaint-1');
    expect(JSON.parse(record.value.toString('utf8'))).toEqual(ce);
    expect(record.headers).toEqual({
      'content-type': CLOUDEVENTS_CONTENT_TYPE,
      ce_id: 'e-1',
      ce_type: 'ComplaintRegistered',
    });
  });

  it('puts data held as JSON text in as it is, giving the envelope the parsed data would', () => {
    const data = { title: '屏幕 "破裂"\n', keywords: ['a', 'b'], n: 1.5, none: null, nested: {} };
    // As PostgreSQL writes jsonb out: spaces after ':' and ','.
    const stored =
      '{"n": 1.5, "none": null, "title": "屏幕 \\"破裂\\"\\n", "nested": {}, "keywords": ["a", "b"]}';
    const withText = { ...event('e-3'), data: new JsonText(stored) };
    const record = toRecord(withText);
    expect(record.value.toString('utf8')).toContain(`"data":${stored}}`);
    expect(JSON.parse(record.value.toString('utf8'))).toEqual(event('e-3', data));
    expect(JSON.parse(JSON.stringify(withText))).toEqual(event('e-3', data));
  });

  it('refuses an event without subject, which would lose its partition order', () => {
    expect(() => toRecord({ ...event('e-2'), subject: '' })).toThrow(/no subject/);
  });
});

describe('chunkBySize', () => {
  it('keeps the order and splits before a chunk would exceed the limit', () => {
    const records = ['a', 'b', 'c', 'd', 'e'].map((id) => toRecord(event(id, 'x'.repeat(300))));
    // Key, headers and record overhead add well under 300 bytes to each value.
    const room = records[0]!.value.length + 300;
    const chunks = chunkBySize(records, room * 2);
    expect(chunks.map((chunk) => chunk.map((r) => r.headers.ce_id))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e'],
    ]);
  });

  it('sends an oversized record alone rather than dropping it', () => {
    const records = [toRecord(event('big', 'x'.repeat(5_000))), toRecord(event('small'))];
    expect(chunkBySize(records, 1_000).map((chunk) => chunk.length)).toEqual([1, 1]);
  });

  it('keeps a normal batch in one request', () => {
    const records = Array.from({ length: 500 }, (_, i) => toRecord(event(`e-${i}`)));
    expect(chunkBySize(records, 900_000)).toHaveLength(1);
  });
});

describe('chunkRuns', () => {
  it('cuts runs at the count as well as at the size, in order', () => {
    const sizes = [1, 1, 1, 1, 1, 5, 1];
    expect(chunkRuns(sizes, (n) => n, 6, 3)).toEqual([
      [1, 1, 1],
      [1, 1],
      [5, 1],
    ]);
    expect(chunkRuns([], (n: number) => n, 6, 3)).toEqual([]);
  });
});
