import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SubjectTypeSchema } from '@redress/contracts';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

/**
 * The labelled complaints of `apps/triage/corpus/` (its README: how they were written, the
 * labelling guide, how to add one). Two halves: tuning is what keywords and matcher are tuned on;
 * evaluation is only ever measured. Which half an item belongs to follows from its id alone
 * (`halfOf`), so adding items never moves one already there.
 */
export const CORPUS_HALVES = ['tuning', 'evaluation'] as const;
export type CorpusHalf = (typeof CORPUS_HALVES)[number];

export const CORPUS_LANGUAGES = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type CorpusLanguage = (typeof CORPUS_LANGUAGES)[number];

const Id = Type.String({ pattern: '^(hans|hant|en)-[0-9]{3,}$' });
const Label = Type.String({ pattern: '^[a-z][a-z0-9-]{0,63}$' });

export const CorpusItemSchema = Type.Object(
  {
    id: Id,
    language: Type.Union(CORPUS_LANGUAGES.map((language) => Type.Literal(language))),
    /** As intake passes it on: what the customer or the channel chose, right or wrong. */
    subject: Type.Object(
      { type: SubjectTypeSchema, productSku: Type.Optional(Type.String({ minLength: 1 })) },
      { additionalProperties: false },
    ),
    title: Type.Optional(Type.String({ minLength: 1 })),
    description: Type.String({ minLength: 1, maxLength: 10_000 }),
    expected: Type.Object(
      {
        type: SubjectTypeSchema,
        category: Label,
        subcategory: Type.Optional(Label),
        department: Label,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type CorpusItem = Static<typeof CorpusItemSchema>;

const checkItem = TypeCompiler.Compile(CorpusItemSchema);

const ID_PREFIX: Record<CorpusLanguage, string> = {
  'zh-Hans': 'hans',
  'zh-Hant': 'hant',
  en: 'en',
};

/** The folder of the corpus files, from `src/…` in tests and from `dist/…` when built. */
export const CORPUS_DIR = join(__dirname, '..', '..', 'corpus');

export function corpusPath(half: CorpusHalf): string {
  return join(CORPUS_DIR, `${half}.ndjson`);
}

/** The half an item belongs to: the first byte of SHA-256(id) even → tuning, odd → evaluation. */
export function halfOf(id: string): CorpusHalf {
  const first = createHash('sha256').update(id, 'utf8').digest()[0] ?? 0;
  return first % 2 === 0 ? 'tuning' : 'evaluation';
}

/** Reads a file as UTF-8; injectable so a spec can see which files a tool reads. */
export type ReadText = (path: string) => string;
const readText: ReadText = (path) => readFileSync(path, 'utf8');

/** The items of one half, each checked against the schema and against the half its id names. */
export function readCorpus(half: CorpusHalf, read: ReadText = readText): CorpusItem[] {
  const path = corpusPath(half);
  return parseCorpus(read(path), `${half}.ndjson`, half);
}

export class InvalidCorpus extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid corpus: ${problems.slice(0, 5).join('; ')}`);
    this.name = 'InvalidCorpus';
  }
}

/** NDJSON → items; every problem names its file and line. */
export function parseCorpus(text: string, file: string, half?: CorpusHalf): CorpusItem[] {
  const items: CorpusItem[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push(`${where}: not JSON (${error instanceof Error ? error.message : 'unknown'})`);
      return;
    }
    if (!checkItem.Check(value)) {
      const first = checkItem.Errors(value).First();
      problems.push(`${where}: ${first ? `${first.path || '/'} ${first.message}` : 'invalid'}`);
      return;
    }
    if (ids.has(value.id)) problems.push(`${where}: id ${value.id} appears twice`);
    if (!value.id.startsWith(`${ID_PREFIX[value.language]}-`)) {
      problems.push(
        `${where}: a ${value.language} item's id starts with ${ID_PREFIX[value.language]}-`,
      );
    }
    ids.add(value.id);
    if (half && halfOf(value.id) !== half) {
      problems.push(`${where}: ${value.id} belongs in ${halfOf(value.id)}.ndjson`);
    }
    items.push(value);
  });
  if (problems.length > 0) throw new InvalidCorpus(problems);
  return items;
}
