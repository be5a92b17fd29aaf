/**
 * Masking of personal data for everything outside intake (CONTRACT.md: `138****5678`,
 * `a***@example.com`). Masked values help an agent recognise a customer on the phone without
 * revealing who they are to the rest of the platform.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  if (digits.length < 8) return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0] ?? ''}***${email.slice(at).toLowerCase()}`;
}

/** 张三 → 张*, Alice Smith → A****, one visible character whatever the script. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  const first = chars[0];
  if (!first) return '';
  return `${first}${'*'.repeat(Math.min(Math.max(chars.length - 1, 1), 4))}`;
}

// Runs of 7+ digits, optionally split by spaces, dashes or dots, with an optional leading +:
// phone numbers in any of the ways people type them, but not prices or short order numbers.
const PHONE_IN_TEXT = /\+?\d(?:[\s.-]?\d){6,}/g;

/**
 * Free text written by or for a customer often repeats their contacts ("call me on 138…").
 * Those leave intake masked, and so does the customer's own name where it appears verbatim.
 */
export function maskContactsInText(text: string, knownNames: readonly string[] = []): string {
  let masked = replaceEmails(text, maskEmail);
  masked = masked.replace(PHONE_IN_TEXT, (m) => maskPhone(m));
  for (const name of knownNames) {
    const trimmed = name.trim();
    if ([...trimmed].length >= 2) masked = masked.split(trimmed).join(maskName(trimmed));
  }
  return masked;
}

const isLocal = (c: number) =>
  isAlphanumeric(c) || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d;
const isDomain = (c: number) => isAlphanumeric(c) || c === 0x2e || c === 0x2d;
const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isAlphanumeric = (c: number) => isLetter(c) || (c >= 0x30 && c <= 0x39);

/**
 * Replaces what `/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g` finds, in linear time. That
 * regular expression tries every start again from scratch: a 10,000-character description
 * without an "@" took 70 ms to scan, and longer texts grow with the square of their length.
 * Here each "@" is looked at once: its local part is the run of address characters before it
 * (not reaching into the previous match), its domain the longest run after it that ends in a dot
 * and two or more letters, exactly as the expression would match (masking.spec.ts compares
 * both on random texts).
 */
export function replaceEmails(text: string, replace: (email: string) => string): string {
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('@'); at !== -1;) {
    let start = at;
    while (start > copied && isLocal(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && isDomain(text.charCodeAt(end))) end++;
    let matchEnd = -1;
    // The last dot with two letters after it, at least one domain character after the "@".
    for (let dot = end - 3; start < at && dot >= at + 2 && matchEnd === -1; dot--) {
      if (
        text.charCodeAt(dot) === 0x2e &&
        isLetter(text.charCodeAt(dot + 1)) &&
        isLetter(text.charCodeAt(dot + 2))
      ) {
        matchEnd = dot + 3;
        while (matchEnd < end && isLetter(text.charCodeAt(matchEnd))) matchEnd++;
      }
    }
    if (matchEnd === -1) {
      at = text.indexOf('@', at + 1);
      continue;
    }
    out += text.slice(copied, start) + replace(text.slice(start, matchEnd));
    copied = matchEnd;
    at = text.indexOf('@', matchEnd);
  }
  return out + text.slice(copied);
}
