import { schemaGaps, type ComparedSchema } from './schema-gaps';

const event: ComparedSchema = {
  type: 'object',
  required: ['id', 'channel', 'count', 'flags', 'tags'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    channel: { anyOf: [{ const: 'web' }, { const: 'app' }] },
    title: { type: 'string', maxLength: 100 },
    count: { type: 'integer', minimum: 1, default: 1 },
    flags: {
      type: 'object',
      required: ['urgent'],
      properties: { urgent: { type: 'boolean', default: false } },
      default: {},
    },
    tags: { type: 'array', maxItems: 3, items: { type: 'string', pattern: '^[a-z]+$' } },
  },
};

const dto = (properties: Record<string, ComparedSchema>, required: string[]): ComparedSchema => ({
  type: 'object',
  properties,
  required,
});

const fitting = {
  channel: { type: 'string', enum: ['web'] },
  title: { type: 'string', maxLength: 80 },
  count: { type: 'integer', minimum: 1 },
  flags: { type: 'object', properties: { urgent: { type: 'boolean' } }, required: [] },
  tags: { type: 'array', maxItems: 2, items: { type: 'string', pattern: '^[a-z]+$' } },
} satisfies Record<string, ComparedSchema>;

describe('schemaGaps', () => {
  it('finds none when the DTO accepts only what the event accepts', () => {
    expect(schemaGaps(dto(fitting, ['channel', 'tags']), event, { supplied: ['id'] })).toEqual([]);
  });

  it.each<[string, Record<string, ComparedSchema>, string[], string]>([
    [
      'an enum value the event lacks',
      { channel: { type: 'string', enum: ['web', 'fax'] } },
      ['channel', 'tags'],
      'channel: the DTO accepts fax, which the event does not',
    ],
    [
      'a longer string',
      { title: { type: 'string', maxLength: 200 } },
      ['channel', 'tags'],
      'title: maxLength is 200 in the DTO, 100 in the event',
    ],
    [
      'an unbounded string',
      { title: { type: 'string' } },
      ['channel', 'tags'],
      'title: maxLength is unbounded in the DTO, 100 in the event',
    ],
    [
      'null',
      { title: { type: 'string', maxLength: 10, nullable: true } },
      ['channel', 'tags'],
      "title: the DTO accepts null; the event's title does not",
    ],
    [
      'another type',
      { count: { type: 'string' } },
      ['channel', 'tags'],
      "count: the DTO accepts string; the event's count is integer",
    ],
    [
      'a lower minimum',
      { count: { type: 'integer', minimum: 0 } },
      ['channel', 'tags'],
      'count: minimum is 0 in the DTO, 1 in the event',
    ],
    [
      'another pattern',
      { tags: { type: 'array', maxItems: 2, items: { type: 'string' } } },
      ['channel', 'tags'],
      'tags[]: the event requires the pattern ^[a-z]+$; the DTO has none',
    ],
    [
      'a field the event lacks',
      { colour: { type: 'string' } },
      ['channel', 'tags'],
      'colour: the event has no colour (add it there, or map it)',
    ],
    [
      'leaving out what the event requires without default',
      {},
      ['channel'],
      'tags: the DTO lets it be left out; the event requires tags and has no default',
    ],
  ])('finds %s', (_case, changed, required, gap) => {
    expect(
      schemaGaps(dto({ ...fitting, ...changed }, required), event, { supplied: ['id'] }),
    ).toContain(gap);
  });

  it('finds an event field nobody provides', () => {
    expect(schemaGaps(dto(fitting, ['channel', 'tags']), event)).toEqual([
      'id: the event requires it; the DTO does not, and the service does not say it supplies it',
    ]);
  });

  it('maps fields elsewhere: renamed compared in full, merged without optionality, transformed by optionality only', () => {
    const command = dto(
      {
        kind: { type: 'string', enum: ['app'] },
        label: { type: 'string', maxLength: 500 },
        secret: { type: 'string' },
        tags: fitting.tags,
      },
      ['tags'],
    );
    expect(
      schemaGaps(command, event, {
        supplied: ['id'],
        merged: { kind: 'channel' },
        transformed: { label: 'title', secret: null },
      }),
    ).toEqual([]);
    expect(
      schemaGaps(command, event, {
        supplied: ['id'],
        renamed: { kind: 'channel', label: 'title' },
        transformed: { secret: null },
      }),
    ).toEqual([
      'kind: the DTO lets it be left out; the event requires channel and has no default',
      'label: maxLength is 500 in the DTO, 100 in the event',
      'channel: the event requires it; the DTO does not, and the service does not say it supplies it',
    ]);
  });
});
