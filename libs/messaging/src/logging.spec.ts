import { Writable } from 'node:stream';
import { logLevel, type LogEntry } from 'kafkajs';
import pino from 'pino';
import {
  kafkajsLogCreator,
  sanitizeLogExtra,
  toKafkaLogFn,
  withThreshold,
  type KafkaLogFn,
  type KafkaLogLevel,
} from './logging';

type Line = [KafkaLogLevel, string, Record<string, unknown>];

function recorder(): { log: KafkaLogFn; lines: Line[] } {
  const lines: Line[] = [];
  return { log: (level, message, extra) => lines.push([level, message, extra]), lines };
}

describe('toKafkaLogFn', () => {
  it('writes through a pino logger as (object, message)', () => {
    const output: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        output.push(chunk.toString('utf8'));
        done();
      },
    });
    const log = toKafkaLogFn(pino({ level: 'debug', base: null, timestamp: false }, stream));
    log('warn', 'Kafka message dead-lettered', { groupId: 'triage', offset: '7' });
    expect(output.map((line) => JSON.parse(line) as unknown)).toEqual([
      { level: 40, msg: 'Kafka message dead-lettered', groupId: 'triage', offset: '7' },
    ]);
  });
});

describe('withThreshold', () => {
  it('drops what is less severe than the threshold', () => {
    const { log, lines } = recorder();
    const filtered = withThreshold(log, 'warn');
    filtered('debug', 'd', {});
    filtered('info', 'i', {});
    filtered('warn', 'w', {});
    filtered('error', 'e', {});
    expect(lines.map(([level]) => level)).toEqual(['warn', 'error']);
  });
});

describe('kafkajsLogCreator', () => {
  it('maps kafkajs levels and namespace, and leaves record values out', () => {
    const { log, lines } = recorder();
    const entry: LogEntry = {
      namespace: 'Producer',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: {
        timestamp: '2025-03-01T08:00:00.000Z',
        message: 'Failed to send messages',
        messages: [{ value: 'large payload' }],
        error: new Error('not leader'),
        retryCount: 2,
      },
    };
    kafkajsLogCreator(log)(logLevel.WARN)(entry);
    expect(lines).toEqual([
      [
        'error',
        'Failed to send messages',
        {
          namespace: 'Producer',
          error: { type: 'Error', message: 'not leader' },
          retryCount: 2,
        },
      ],
    ]);
  });
});

describe('sanitizeLogExtra', () => {
  it('replaces buffers by their size and shortens long strings', () => {
    const safe = sanitizeLogExtra({ key: Buffer.alloc(12), stack: 's'.repeat(5_000), value: 'v' });
    expect(safe['key']).toBe('<12 bytes>');
    expect(String(safe['stack'])).toHaveLength(4_001);
    expect('value' in safe).toBe(false);
  });
});
