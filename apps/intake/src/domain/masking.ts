import { Buffer } from 'node:buffer';

/**
 * Masking of personal data for everything outside intake (CONTRACT.md "Personal data never
 * leaves intake in the clear"). Masked values help an agent recognise a customer on the phone
 * without revealing who they are to the rest of the platform.
 *
 * A masked phone number keeps at most its last 4 digits, however long it is (`*******5678`):
 * CONTRACT.md's example `138****5678` also shows the first three, but 7 of 11 digits leave too
 * few to guess, so the stricter rule of issue 10 stands and the example only shows the shape.
 *
 * Every scan here is linear in the text: the patterns are literal or have bounded repetitions
 * between disjoint character classes, and e-mail addresses are found from their `@` outwards.
 */

/** What intake knows of the person behind a text; each is masked wherever it appears. */
export interface KnownPerson {
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  externalId?: string | undefined;
}

const FULLWIDTH_DIGIT = /[\uFF10-\uFF19]/g;

/** Full-width digits (１３８…, common in Chinese input) as ASCII, so they count as digits. */
export function asciiDigits(text: string): string {
  return text.replace(FULLWIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48));
}

export function phoneDigits(phone: string): string {
  return asciiDigits(phone).replace(/\D/g, '');
}

/** How many trailing digits a number of `count` digits may show: 4 at most, fewer when short. */
function visibleDigits(count: number): number {
  if (count >= 8) return 4;
  if (count >= 5) return 2;
  return 0;
}

export function maskPhone(phone: string): string {
  const digits = phoneDigits(phone);
  const shown = visibleDigits(digits.length);
  return `${'*'.repeat(digits.length - shown)}${digits.slice(digits.length - shown)}`;
}

/** A phone number as typed in text, its separators kept: `+86 138-1234-5678` → `+** ***-****-5678`. */
function maskPhoneInPlace(typed: string): string {
  const count = phoneDigits(typed).length;
  let hide = count - visibleDigits(count);
  let out = '';
  for (const ch of typed) {
    if (hide > 0 && isDigit(ch)) {
      out += '*';
      hide -= 1;
    } else out += ch;
  }
  return out;
}

function isDigit(ch: string): boolean {
  return (ch >= '0' && ch <= '9') || (ch >= '\uFF10' && ch <= '\uFF19');
}

export function maskEmail(email: string): string {
  const at = Math.max(email.lastIndexOf('@'), email.lastIndexOf('＠'));
  if (at < 1) return '***';
  return `${email[0] ?? ''}***@${email.slice(at + 1).toLowerCase()}`;
}

/** 张三 → 张*, Alice Smith → A****, one visible character whatever the script. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  const first = chars[0];
  if (!first) return '';
  return `${first}${'*'.repeat(Math.min(Math.max(chars.length - 1, 1), 4))}`;
}

/** An enterprise customer id (CRM, loyalty card): at most its last 2 characters stay. */
export function maskIdentifier(id: string): string {
  const chars = [...id.trim()];
  const shown = chars.length >= 8 ? 2 : 0;
  return `${'*'.repeat(chars.length - shown)}${chars.slice(chars.length - shown).join('')}`;
}

const DIGIT = '[0-9\\uFF10-\\uFF19]';
// What people put between the digits of a phone number: spaces, dots, dashes, slashes and
// brackets, ASCII or full-width.
const SEPARATOR = '[\\s().\\-/\\u2010-\\u2015\\uFF08\\uFF09\\uFF0D\\uFF0F]';
// Runs of 7+ digits with at most 3 separators between two digits, optionally after a +: phone
// numbers in any of the ways people type them, but not prices or short order numbers.
const PHONE_IN_TEXT = new RegExp(`\\+?${DIGIT}(?:${SEPARATOR}{0,3}${DIGIT}){6,}`, 'g');
// A date at the start of a digit run (2026-12-04 10:30) is not a phone number; what follows is
// looked at again.
const DATE_PREFIX = new RegExp(
  `^(?:19|20)${DIGIT}{2}([-/.])(?:0?[1-9]|1[0-2])\\1(?:0?[1-9]|[12]${DIGIT}|3[01])(?!${DIGIT})`,
);

function maskPhonesIn(text: string): string {
  return text.replace(PHONE_IN_TEXT, (run) => {
    const date = DATE_PREFIX.exec(asciiDigits(run));
    if (!date) return maskPhoneInPlace(run);
    return date[0] + maskPhonesIn(run.slice(date[0].length));
  });
}

const LOCAL_PART = /[A-Za-z0-9._%+-]/;
const DOMAIN_PART = /[A-Za-z0-9.-]/;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;

/** E-mail addresses found from each `@` (ASCII or full-width) outwards, in one pass. */
function maskEmailsIn(text: string): string {
  let out = '';
  let copied = 0;
  for (let at = 0; at < text.length; at += 1) {
    const ch = text[at];
    if (ch !== '@' && ch !== '＠') continue;
    let start = at;
    while (start > copied && at - start < MAX_LOCAL && LOCAL_PART.test(text[start - 1] ?? '')) {
      start -= 1;
    }
    let end = at + 1;
    while (end < text.length && end - at <= MAX_DOMAIN && DOMAIN_PART.test(text[end] ?? '')) {
      end += 1;
    }
    // The domain ends with a dot and a top-level domain of 2+ letters; trailing dots are prose.
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end -= 1;
    const domain = text.slice(at + 1, end);
    if (start === at || !/\.[A-Za-z]{2,}$/.test(domain)) continue;
    out += text.slice(copied, start) + maskEmail(text.slice(start, end));
    copied = end;
    at = end - 1;
  }
  return out + text.slice(copied);
}

// Scripts written without spaces between words: a name there is matched wherever it occurs.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORDLIKE = /[\p{L}\p{N}]/u;

// The character classes of a text, one per UTF-16 code unit: a digit as its ASCII digit, any
// other letter or number as `w`, everything else as `_`. The known phone is matched against
// these, and a known name or id is checked at its edges with them, so that nothing needs Unicode
// property classes of its own. One pass over the code units; whether a character outside ASCII
// is a letter or number is asked of `LETTER_OR_NUMBER` once per distinct character and
// remembered (`BMP_CLASS`).
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
/** Per BMP code unit: 0 not asked yet, 1 a letter or number, 2 anything else. */
const BMP_CLASS = new Uint8Array(0x10000);
const CLASS_W = 0x77; // 'w'
const CLASS_OTHER = 0x5f; // '_'

function bmpClass(code: number): number {
  let known = BMP_CLASS[code] ?? 0;
  if (known === 0) {
    // A lone surrogate is no letter; the regular expression (with `u`) says so too.
    known = LETTER_OR_NUMBER.test(String.fromCharCode(code)) ? 1 : 2;
    BMP_CLASS[code] = known;
  }
  return known === 1 ? CLASS_W : CLASS_OTHER;
}

export function characterClasses(text: string): string {
  const length = text.length;
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) out[i] = code;
    else if (code < 0x80) {
      out[i] = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a ? CLASS_W : CLASS_OTHER;
    } else if (code >= 0xff10 && code <= 0xff19) out[i] = code - 0xff10 + 0x30;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        // A character outside the BMP: both of its code units get its class.
        const cls = LETTER_OR_NUMBER.test(text.slice(i, i + 2)) ? CLASS_W : CLASS_OTHER;
        out[i] = cls;
        out[i + 1] = cls;
        i += 1;
      } else out[i] = CLASS_OTHER;
    } else out[i] = bmpClass(code);
  }
  return out.toString('latin1');
}

// A text as a case-insensitive regular expression without `u` compares it: each code unit
// replaced by ECMAScript's Canonicalize of it (its upper case when that is one code unit, and
// not an ASCII one for a code unit outside ASCII). Two texts of equal length are equal under the
// `i` flag exactly when their folded forms are equal, so a known name, id or e-mail is found by
// `indexOf` in the folded text instead of by a regular expression compiled for each person.
/** Per code unit: its canonical code unit + 1, or 0 when not computed yet. */
const FOLDED = new Uint16Array(0x10000);

function foldedUnit(code: number): number {
  const known = FOLDED[code] ?? 0;
  if (known !== 0) return known - 1;
  const ch = String.fromCharCode(code);
  const upper = ch.toUpperCase();
  const canonical =
    upper.length !== 1 || (code >= 0x80 && upper.charCodeAt(0) < 0x80) ? code : upper.charCodeAt(0);
  FOLDED[code] = canonical + 1;
  return canonical;
}

const ASCII_ONLY = /^\p{ASCII}*$/u;

export function caseFolded(text: string): string {
  // In ASCII, Canonicalize is upper case, and so is toUpperCase (natively, in one pass).
  if (ASCII_ONLY.test(text)) return text.toUpperCase();
  const length = text.length;
  const out = new Uint16Array(length);
  let changed = false;
  for (let i = 0; i < length; i += 1) {
    const code = text.charCodeAt(i);
    const folded =
      code < 0x80 ? (code >= 0x61 && code <= 0x7a ? code - 0x20 : code) : foldedUnit(code);
    out[i] = folded;
    if (folded !== code) changed = true;
  }
  if (!changed) return text;
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength).toString('utf16le');
}

function isLetterOrNumber(characterClass: string | undefined): boolean {
  return characterClass !== undefined && characterClass !== '_';
}

interface Span {
  start: number;
  end: number;
}

/**
 * A text the known-person patterns look at, with its character classes and its case-folded
 * form, each computed when a pattern first asks for it.
 */
class ScannedText {
  private classesOfText: string | undefined;
  private foldedText: string | undefined;

  constructor(readonly text: string) {}

  get classes(): string {
    this.classesOfText ??= characterClasses(this.text);
    return this.classesOfText;
  }

  get folded(): string {
    this.foldedText ??= caseFolded(this.text);
    return this.foldedText;
  }
}

/** One way a known person appears in text, and how that is masked. */
interface PersonPattern {
  find(scanned: ScannedText): Span[];
  mask(match: string): string;
}

/**
 * Every occurrence of `literal` (already folded) in the folded text that `accept` takes, left to
 * right; after one that is not taken, the search goes on from its second code unit, as a global
 * regular expression's would.
 */
function literalSpans(
  folded: string,
  literal: string,
  accept: (span: Span) => boolean = () => true,
): Span[] {
  const found: Span[] = [];
  if (literal.length === 0) return found;
  let from = 0;
  for (let start = folded.indexOf(literal, from); start !== -1;) {
    const span = { start, end: start + literal.length };
    if (accept(span)) {
      found.push(span);
      from = span.end;
    } else from = start + 1;
    start = folded.indexOf(literal, from);
  }
  return found;
}

/**
 * `literal` wherever it stands as a whole word (case-insensitive); where it begins or ends with
 * a character of an unspaced script, also inside a longer run of text.
 */
function wholeWord(literal: string, mask: (match: string) => string): PersonPattern {
  const chars = [...literal];
  const openStart = UNSPACED.test(chars[0] ?? '');
  const openEnd = UNSPACED.test(chars[chars.length - 1] ?? '');
  const folded = caseFolded(literal);
  return {
    find: (scanned) =>
      literalSpans(
        scanned.folded,
        folded,
        ({ start, end }) =>
          (openStart || !isLetterOrNumber(scanned.classes[start - 1])) &&
          (openEnd || !isLetterOrNumber(scanned.classes[end])),
      ),
    mask,
  };
}

const MAX_PHONE_GAP = 5;

function isDigitClass(characterClass: string | undefined): boolean {
  return characterClass !== undefined && characterClass >= '0' && characterClass <= '9';
}

/**
 * The known phone's digits in order, whatever stands between them (up to 5 non-letters), not
 * inside a longer run of digits: in the character classes, the digits with at most 5 `_`
 * between two of them, and no digit just before or after.
 */
function knownPhone(phone: string): PersonPattern | undefined {
  const digits = phoneDigits(phone);
  if (digits.length < 7) return undefined;
  const first = digits[0] ?? '';
  return {
    find: ({ classes }) => {
      const found: Span[] = [];
      for (let start = classes.indexOf(first); start !== -1;) {
        const end = isDigitClass(classes[start - 1]) ? -1 : phoneEnd(classes, start, digits);
        if (end === -1) start = classes.indexOf(first, start + 1);
        else {
          found.push({ start, end });
          start = classes.indexOf(first, end);
        }
      }
      return found;
    },
    mask: maskPhoneInPlace,
  };
}

/** Where the phone's digits, found in order from `start` (its first digit), end; -1 if not. */
function phoneEnd(classes: string, start: number, digits: string): number {
  let at = start + 1;
  for (let k = 1; k < digits.length; k += 1) {
    let gap = 0;
    while (classes[at] === '_' && gap <= MAX_PHONE_GAP) {
      at += 1;
      gap += 1;
    }
    if (gap > MAX_PHONE_GAP || classes[at] !== digits[k]) return -1;
    at += 1;
  }
  return isDigitClass(classes[at]) ? -1 : at;
}

/** JavaScript's `\s`. */
function isSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The known e-mail, also with spaces around its `@` (case-insensitive). */
function knownEmail(email: string): PersonPattern | undefined {
  const at = email.lastIndexOf('@');
  if (at < 1) return undefined;
  const local = caseFolded(email.slice(0, at));
  const domain = caseFolded(email.slice(at + 1));
  return {
    find: ({ folded }) => {
      const found: Span[] = [];
      for (let start = folded.indexOf(local); start !== -1;) {
        const end = emailEnd(folded, start + local.length, domain);
        if (end === -1) start = folded.indexOf(local, start + 1);
        else {
          found.push({ start, end });
          start = folded.indexOf(local, end);
        }
      }
      return found;
    },
    mask: (m) => maskEmail(m.replace(/\s/g, '')),
  };
}

/**
 * After the local part (at `from`): spaces, `@` or `＠`, spaces, then the domain; where that
 * ends, or -1. The spaces after the `@` are taken greedily and given back one by one, as the
 * regular expression `\s*[@＠]\s*domain` would.
 */
function emailEnd(folded: string, from: number, domain: string): number {
  let at = from;
  while (at < folded.length && isSpace(folded.charCodeAt(at))) at += 1;
  if (folded[at] !== '@' && folded[at] !== '＠') return -1;
  const afterAt = at + 1;
  let spaces = afterAt;
  while (spaces < folded.length && isSpace(folded.charCodeAt(spaces))) spaces += 1;
  for (let domainAt = spaces; domainAt >= afterAt; domainAt -= 1) {
    if (folded.startsWith(domain, domainAt)) return domainAt + domain.length;
  }
  return -1;
}

/** Name parts worth masking on their own: `Alice Smith` → Alice, Smith (3+ letters each). */
function nameParts(name: string): string[] {
  if (UNSPACED.test(name)) return [];
  const parts = name.split(/[\s.,'’-]+/).filter((p) => [...p].length >= 3 && WORDLIKE.test(p));
  return parts.length > 1 ? parts : [];
}

interface KnownPatterns {
  contacts: PersonPattern[];
  identity: PersonPattern[];
  /** What `mentionsKnownPerson` looks for: the contacts and the full name, not its parts. */
  inLinks: PersonPattern[];
}

/**
 * The patterns of each person, made once per person object: a registration masks its title,
 * description, region and each attachment's name and checks each link against the same person.
 */
const compiledPatterns = new WeakMap<KnownPerson, KnownPatterns>();

function patternsOf(person: KnownPerson): KnownPatterns {
  let patterns = compiledPatterns.get(person);
  if (!patterns) {
    patterns = knownPatterns(person);
    compiledPatterns.set(person, patterns);
  }
  return patterns;
}

/** The patterns that find one known person in text. */
function knownPatterns(person: KnownPerson): KnownPatterns {
  const contacts: PersonPattern[] = [];
  const identity: PersonPattern[] = [];
  const email = person.email?.trim() ? knownEmail(person.email.trim()) : undefined;
  if (email) contacts.push(email);
  const phone = person.phone ? knownPhone(person.phone) : undefined;
  if (phone) contacts.push(phone);
  // The enterprise id before the generic phone pattern: `VIP-4829553D` holds a phone-like run of
  // digits, and masking that first would leave the rest of the id to be read.
  const id = person.externalId?.trim();
  if (id && [...id].length >= 4) contacts.push(wholeWord(id, maskIdentifier));
  const inLinks = [...contacts];
  const name = person.name?.trim();
  if (name && [...name].length >= 2) {
    const whole = wholeWord(name, maskName);
    identity.push(whole);
    inLinks.push(whole);
    for (const part of nameParts(name)) identity.push(wholeWord(part, maskName));
  }
  return { contacts, identity, inLinks };
}

/** The text with every match of `pattern` masked (the same object when nothing matched). */
function applied(scanned: ScannedText, pattern: PersonPattern): ScannedText {
  const found = pattern.find(scanned);
  if (found.length === 0) return scanned;
  const { text } = scanned;
  let out = '';
  let copied = 0;
  for (const { start, end } of found) {
    out += text.slice(copied, start) + pattern.mask(text.slice(start, end));
    copied = end;
  }
  return new ScannedText(out + text.slice(copied));
}

/**
 * Free text written by or for a customer often repeats their contacts ("call me on 138…", a
 * file named after them). Everything of the kind leaves intake masked: any e-mail address and
 * any phone-like run of 7+ digits (with the digits of dates at the start of a run kept), and,
 * for each known person, their phone and e-mail however spaced, their enterprise id, their name
 * and, for names written with spaces, each part of it of 3+ letters.
 */
export function maskPersonalData(text: string, people: readonly KnownPerson[] = []): string {
  const patterns = people.map(patternsOf);
  let scanned = new ScannedText(text);
  for (const { contacts } of patterns) {
    for (const pattern of contacts) scanned = applied(scanned, pattern);
  }
  scanned = new ScannedText(maskPhonesIn(maskEmailsIn(scanned.text)));
  for (const { identity } of patterns) {
    for (const pattern of identity) scanned = applied(scanned, pattern);
  }
  return scanned.text;
}

/**
 * Whether a value that cannot be masked without breaking it (a link) names one of the people:
 * their e-mail, phone, enterprise id or full name, also percent-encoded.
 */
export function mentionsKnownPerson(value: string, people: readonly KnownPerson[]): boolean {
  const decoded = percentDecoded(value);
  // A link without escapes reads the same decoded: it is searched once.
  const forms = [value, ...(decoded === value ? [] : [decoded])].map(
    (form) => new ScannedText(form),
  );
  return people.some((person) =>
    patternsOf(person).inLinks.some((pattern) =>
      forms.some((scanned) => pattern.find(scanned).length > 0),
    ),
  );
}

function percentDecoded(value: string): string {
  if (!value.includes('%') && !value.includes('+')) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: the value is searched as it is (its first form).
    return value;
  }
}
