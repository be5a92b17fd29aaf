/**
 * Finds every keyword of a policy in one pass over a normalised text (Aho–Corasick over UTF-16
 * code units), so the cost of a decision grows with the length of the complaint, not with the
 * number of keywords an enterprise adds.
 *
 * Matching rules (README "Keywords"): Chinese matches anywhere (no word boundaries in Chinese
 * text); a pattern that begins or ends with a Latin letter or digit must have a word boundary
 * there (`fire` is not found in `firewall`); a `prefix` pattern has no boundary at its end.
 */
export interface KeywordPattern {
    /** Normalised text (see `normaliseText`). */
    text: string;
    /** True for a `word*` keyword: no word boundary needed after it. */
    prefix: boolean;
}
export declare class KeywordAutomaton {
    /** Transitions out of the root, dense: most characters of a text fail back to it. */
    private readonly rootNext;
    private readonly next;
    private readonly fail;
    /** Patterns ending in each state, including those of its failure chain. */
    private readonly output;
    private readonly length;
    private readonly boundaryBefore;
    private readonly boundaryAfter;
    constructor(patterns: readonly KeywordPattern[]);
    /**
     * Pushes the index of each pattern found in `text` (once per occurrence) onto `found`, and,
     * when `ends` is given, where each occurrence ends (exclusive) onto `ends`.
     */
    scan(text: string, found: number[], ends?: number[]): void;
    /** The length of a pattern in UTF-16 code units. */
    lengthOf(pattern: number): number;
    private hasBoundaries;
    private insert;
    /** Breadth-first failure links; outputs of the failure chain are merged into each state. */
    private link;
}
/** Latin letters (ASCII and Latin-1/Extended-A/B, lower case after normalising) and digits. */
export declare function isWordCode(code: number): boolean;
/**
 * The patterns a policy keyword stands for. A trailing `*` makes a Latin word a prefix; a word
 * ending in a Latin letter also matches its regular plural (-s, -es, consonant + y → -ies), so
 * `injury` finds `injuries`. Other inflections (`burned`) are listed or written as `burn*`.
 */
export declare function keywordPatterns(keyword: string): KeywordPattern[];
