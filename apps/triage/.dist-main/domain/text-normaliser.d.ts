/**
 * One normal form for matching keywords against complaint text, applied to both sides:
 * NFKC (full-width `ＡＢＣ１２３` → `abc123`, compatibility ideographs → unified ones), lower case,
 * traditional → simplified Chinese (`破損` → `破损`, `產品` → `产品`), the function characters of
 * written Cantonese → their Mandarin ones (`壞咗` → `坏了`, `冇收到` → `没收到`), typographic
 * apostrophes → `'`, English negative contractions written without the apostrophe → with it
 * (`doesnt` → `doesn't`), and runs of white space → one space. Lengths stay close enough to the
 * original for matching; positions are not mapped back (reasons quote the policy's keyword).
 *
 * Traditional → simplified is character by character, with the tables of OpenCC (opencc-js):
 * Taiwan variants first, then Hong Kong variants, then the standard traditional → simplified
 * characters, exactly the chain of its `tw → cn` and `hk → cn` converters applied to one
 * character. Whole-text conversion with phrase dictionaries costs about 8 times more per text
 * and only matters for phrases whose characters convert differently in context (乾隆 vs 乾燥);
 * keywords go through the same function, so both sides always agree. Characters outside the
 * Basic Multilingual Plane (rare CJK extensions) are left as they are.
 */
export declare function normaliseText(text: string): string;
/**
 * Written Cantonese (Hong Kong complaints) uses its own characters for the commonest words; each
 * becomes the Mandarin character a keyword would use, so one keyword list serves both: `壞咗`
 * (broken) → `坏了`, `冇收到` → `没收到`, `唔見咗` → `不见了`, `佢哋` → `他们`. Only characters
 * that are Cantonese alone are mapped (`係` is also the traditional form of Mandarin `系`, `仲` is
 * in `仲裁`, so they stay).
 */
export declare const CANTONESE_TO_MANDARIN: Readonly<Record<string, string>>;
/**
 * Traditional → simplified (and written Cantonese → Mandarin), one UTF-16 unit at a time;
 * unchanged text is returned as is.
 */
export declare function toSimplified(text: string): string;
/**
 * code unit → simplified (Mandarin) code unit, 0 where the character stays. Built once, on first
 * use.
 */
export declare function simplifiedTable(): Uint16Array;
