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

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// Runs of 7+ digits, optionally split by spaces, dashes or dots, with an optional leading +:
// phone numbers in any of the ways people type them, but not prices or short order numbers.
const PHONE_IN_TEXT = /\+?\d(?:[\s.-]?\d){6,}/g;

/**
 * Free text written by or for a customer often repeats their contacts ("call me on 138…").
 * Those leave intake masked, and so does the customer's own name where it appears verbatim.
 */
export function maskContactsInText(text: string, knownNames: readonly string[] = []): string {
  let masked = text.replace(EMAIL_IN_TEXT, (m) => maskEmail(m));
  masked = masked.replace(PHONE_IN_TEXT, (m) => maskPhone(m));
  for (const name of knownNames) {
    const trimmed = name.trim();
    if ([...trimmed].length >= 2) masked = masked.split(trimmed).join(maskName(trimmed));
  }
  return masked;
}
