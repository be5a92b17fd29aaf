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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Scripts written without spaces between words: a name there is matched wherever it occurs.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORDLIKE = /[\p{L}\p{N}]/u;

// The character classes of a text, one per UTF-16 code unit: a digit as its ASCII digit, any
// other letter or number as `w`, everything else as `_`. The patterns of one person are matched
// against these (or checked at their edges with them), so that they need no Unicode property
// classes of their own: compiling those for every new person cost milliseconds a registration.
// One pass over the code units; whether a character outside ASCII is a letter or number is
// asked of `LETTER_OR_NUMBER` once per distinct character and remembered (`BMP_CLASS`).
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

function isLetterOrNumber(characterClass: string | undefined): boolean {
  return characterClass !== undefined && characterClass !== '_';
}

interface Span {
  start: number;
  end: number;
}

/** One way a known person appears in text, and how that is masked. */
interface PersonPattern {
  find(text: string, classes: string): Span[];
  mask(match: string): string;
}

/** Every match of `pattern` (global) in `subject` that `accept` takes, left to right. */
function spans(pattern: RegExp, subject: string, accept: (span: Span) => boolean = () => true) {
  const found: Span[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(subject); m; m = pattern.exec(subject)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (span.end > span.start && accept(span)) found.push(span);
    else pattern.lastIndex = span.start + 1;
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
  const pattern = new RegExp(escapeRegExp(literal), 'gi');
  return {
    find: (text, classes) =>
      spans(
        pattern,
        text,
        ({ start, end }) =>
          (openStart || !isLetterOrNumber(classes[start - 1])) &&
          (openEnd || !isLetterOrNumber(classes[end])),
      ),
    mask,
  };
}

/** The known phone's digits in order, whatever stands between them (up to 5 non-letters). */
function knownPhone(phone: string): PersonPattern | undefined {
  const digits = phoneDigits(phone);
  if (digits.length < 7) return undefined;
  const pattern = new RegExp(`(?<![0-9])${[...digits].join('_{0,5}')}(?![0-9])`, 'g');
  return { find: (_text, classes) => spans(pattern, classes), mask: maskPhoneInPlace };
}

/** The known e-mail, also with spaces around its `@`. */
function knownEmail(email: string): PersonPattern | undefined {
  const at = email.lastIndexOf('@');
  if (at < 1) return undefined;
  const local = escapeRegExp(email.slice(0, at));
  const domain = escapeRegExp(email.slice(at + 1));
  const pattern = new RegExp(`${local}\\s*[@＠]\\s*${domain}`, 'gi');
  return { find: (text) => spans(pattern, text), mask: (m) => maskEmail(m.replace(/\s/g, '')) };
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
 * The patterns of each person, compiled once per person object: a registration masks its title,
 * description, region and each attachment's name and checks each link against the same person,
 * and compiling the same regular expressions for each of those fields cost more than matching.
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

/** The classes of the last text asked for: a text most patterns leave as it is is read once. */
let lastClasses: { text: string; classes: string } | undefined;

function classesOf(text: string): string {
  if (lastClasses?.text !== text) lastClasses = { text, classes: characterClasses(text) };
  return lastClasses.classes;
}

function applied(text: string, pattern: PersonPattern): string {
  const found = pattern.find(text, classesOf(text));
  if (found.length === 0) return text;
  let out = '';
  let copied = 0;
  for (const { start, end } of found) {
    out += text.slice(copied, start) + pattern.mask(text.slice(start, end));
    copied = end;
  }
  return out + text.slice(copied);
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
  let masked = text;
  for (const { contacts } of patterns) {
    for (const pattern of contacts) masked = applied(masked, pattern);
  }
  masked = maskEmailsIn(masked);
  masked = maskPhonesIn(masked);
  for (const { identity } of patterns) {
    for (const pattern of identity) masked = applied(masked, pattern);
  }
  return masked;
}

/**
 * Whether a value that cannot be masked without breaking it (a link) names one of the people:
 * their e-mail, phone, enterprise id or full name, also percent-encoded.
 */
export function mentionsKnownPerson(value: string, people: readonly KnownPerson[]): boolean {
  const forms = [value, percentDecoded(value)].map((form) => ({
    form,
    classes: characterClasses(form),
  }));
  return people.some((person) =>
    patternsOf(person).inLinks.some((pattern) =>
      forms.some(({ form, classes }) => pattern.find(form, classes).length > 0),
    ),
  );
}

function percentDecoded(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: the value is searched as it is (its first form).
    return value;
  }
}
