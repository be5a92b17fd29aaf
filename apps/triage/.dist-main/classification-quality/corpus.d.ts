import { type Static } from '@sinclair/typebox';
/**
 * The labelled complaints of `apps/triage/corpus/` (its README: how they were written, the
 * labelling guide, how to add one). Two halves: tuning is what keywords and matcher are tuned on;
 * evaluation is only ever measured. Which half an item belongs to follows from its id alone
 * (`halfOf`), so adding items never moves one already there.
 */
export declare const CORPUS_HALVES: readonly ["tuning", "evaluation"];
export type CorpusHalf = (typeof CORPUS_HALVES)[number];
export declare const CORPUS_LANGUAGES: readonly ["zh-Hans", "zh-Hant", "en"];
export type CorpusLanguage = (typeof CORPUS_LANGUAGES)[number];
export declare const CorpusItemSchema: import("@sinclair/typebox").TObject<{
    id: import("@sinclair/typebox").TString;
    language: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"zh-Hans" | "zh-Hant" | "en">[]>;
    /** As intake passes it on: what the customer or the channel chose, right or wrong. */
    subject: import("@sinclair/typebox").TObject<{
        type: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"product" | "service" | "staff" | "process" | "logistics" | "billing" | "property" | "other">[]>;
        productSku: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    }>;
    title: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    description: import("@sinclair/typebox").TString;
    expected: import("@sinclair/typebox").TObject<{
        type: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<"product" | "service" | "staff" | "process" | "logistics" | "billing" | "property" | "other">[]>;
        category: import("@sinclair/typebox").TString;
        subcategory: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        department: import("@sinclair/typebox").TString;
    }>;
}>;
export type CorpusItem = Static<typeof CorpusItemSchema>;
/** The folder of the corpus files, from `src/…` in tests and from `dist/…` when built. */
export declare const CORPUS_DIR: string;
export declare function corpusPath(half: CorpusHalf): string;
/** The half an item belongs to: the first byte of SHA-256(id) even → tuning, odd → evaluation. */
export declare function halfOf(id: string): CorpusHalf;
/** Reads a file as UTF-8; injectable so a spec can see which files a tool reads. */
export type ReadText = (path: string) => string;
/** The items of one half, each checked against the schema and against the half its id names. */
export declare function readCorpus(half: CorpusHalf, read?: ReadText): CorpusItem[];
export declare class InvalidCorpus extends Error {
    readonly problems: readonly string[];
    constructor(problems: readonly string[]);
}
/** NDJSON → items; every problem names its file and line. */
export declare function parseCorpus(text: string, file: string, half?: CorpusHalf): CorpusItem[];
