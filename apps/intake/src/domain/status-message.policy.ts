import type { NextPromise, PublicStage } from './public-stage.policy';

/**
 * The sentence the public status page shows the customer, in Chinese or English (issue 11 item
 * 7). It names the stage and the next date they were promised, and nothing internal: no staff,
 * no department, no remedy or amount (the customer hears those from the person handling them).
 */

export const STATUS_LANGUAGES = ['zh', 'en'] as const;
export type StatusLanguage = (typeof STATUS_LANGUAGES)[number];

/** Ranges of an Accept-Language header read at most; a longer header is not a browser's. */
const MAX_RANGES = 50;

/**
 * The language of the answer: the first supported one the client's `Accept-Language` prefers
 * (RFC 9110 §12.5.4: by `q`, then by order; `q=0` refuses a language; `*` accepts any), else the
 * language the complaint was made in when it is Chinese or English, else English. A header that
 * cannot be read is taken as no preference: the page answers anyway.
 */
export function statusLanguage(
  acceptLanguage: string | undefined,
  complaintLanguage: string | undefined,
): StatusLanguage {
  const preferred = supportedLanguage(complaintLanguage) ?? 'en';
  const fallbacks = [preferred, ...STATUS_LANGUAGES.filter((l) => l !== preferred)];
  const ranges = (acceptLanguage ?? '')
    .split(',')
    .slice(0, MAX_RANGES)
    .map(parseRange)
    .filter((range): range is LanguageRange => range !== undefined);
  const refused = new Set(ranges.filter((r) => r.q === 0).map((r) => supportedLanguage(r.tag)));
  const byPreference = ranges
    .map((range, index) => ({ ...range, index }))
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of byPreference) {
    const candidates = range.tag === '*' ? fallbacks : [supportedLanguage(range.tag)];
    const chosen = candidates.find((l) => l !== undefined && !refused.has(l));
    if (chosen !== undefined) return chosen;
  }
  return fallbacks.find((l) => !refused.has(l)) ?? preferred;
}

/** `zh-CN`, `zh-Hant-TW`, `ZH` → zh; `en-GB` → en; anything else is not offered. */
export function supportedLanguage(tag: string | undefined): StatusLanguage | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return STATUS_LANGUAGES.find((language) => language === primary);
}

interface LanguageRange {
  tag: string;
  q: number;
}

const RANGE = /^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]{1,5})\s*)?$/;

function parseRange(part: string): LanguageRange | undefined {
  const match = RANGE.exec(part);
  if (match === null || match[1] === undefined) return undefined;
  const q = match[2] === undefined ? 1 : Number(match[2]);
  if (!Number.isFinite(q) || q < 0 || q > 1) return undefined;
  return { tag: match[1], q };
}

const STAGE_SENTENCES: Record<PublicStage, Record<StatusLanguage, string>> = {
  registered: {
    zh: '您的投诉已登记，正在转交负责处理的团队。',
    en: 'We have registered your complaint and are passing it to the team that will handle it.',
  },
  triaged: {
    zh: '您的投诉已受理。',
    en: 'Your complaint has been accepted for handling.',
  },
  in_progress: {
    zh: '我们正在处理您的投诉。',
    en: 'We are working on your complaint.',
  },
  plan_offered: {
    zh: '我们已向您提出解决方案，请告诉我们您的选择。',
    en: 'We have offered you a solution; please let us know your choice.',
  },
  resolved: {
    zh: '您的投诉已处理完毕。如仍有问题，请与我们联系。',
    en: 'Your complaint has been resolved. If anything is still wrong, please contact us.',
  },
  reopened: {
    zh: '您的投诉已重新打开，我们将再次处理。',
    en: 'Your complaint has been reopened and will be handled again.',
  },
  // Closed also when the customer could not be reached for the callback: no thanks for feedback.
  closed: {
    zh: '您的投诉已结案。如有新的问题，欢迎再次与我们联系。',
    en: 'Your complaint is closed. If anything new comes up, please contact us again.',
  },
  withdrawn: {
    zh: '您已撤回此投诉。',
    en: 'You have withdrawn this complaint.',
  },
};

function promiseSentence(
  promise: NextPromise,
  language: StatusLanguage,
  timeZone: string,
): string | undefined {
  switch (promise.kind) {
    case 'contact': {
      const by = formatInstant(promise.by, language, timeZone);
      return language === 'zh' ? `我们将于${by}前联系您。` : `We will contact you by ${by}.`;
    }
    case 'resolve': {
      const by = formatInstant(promise.by, language, timeZone);
      return language === 'zh'
        ? `我们将于${by}前为您处理完毕。`
        : `We will resolve your complaint by ${by}.`;
    }
    case 'overdue':
      // Every date promised has passed: say so rather than show a date in the past.
      return language === 'zh'
        ? '处理时间已超出我们的承诺，我们深表歉意，将尽快与您联系。'
        : 'This is taking longer than we promised. We apologise and will be in touch as soon as we can.';
    case 'none':
      return undefined;
    default: {
      const unhandled: never = promise;
      return unhandled;
    }
  }
}

/** The stage's sentence, then the promise's, in one language. */
export function statusMessage(
  stage: PublicStage,
  promise: NextPromise,
  language: StatusLanguage,
  timeZone: string,
): string {
  const sentences = [
    STAGE_SENTENCES[stage][language],
    promiseSentence(promise, language, timeZone),
  ];
  return sentences.filter((s) => s !== undefined).join(language === 'zh' ? '' : ' ');
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A date and time as the customer reads them, in the enterprise's time zone (its business
 * calendar's) and with the offset written out, so a customer elsewhere is not misled:
 * `2026年11月25日 18:00（UTC+08:00）`, `25 November 2026, 18:00 (UTC+08:00)`. Built from the
 * numbers alone, so the wording does not change with the ICU data of the runtime.
 */
export function formatInstant(at: string, language: StatusLanguage, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  const month = Number(part('month'));
  const time = `${part('hour')}:${part('minute')}`;
  // `GMT+08:00`; the zero offset is plain `GMT` in some ICU versions.
  const offset = part('timeZoneName').replace(/^GMT$/, 'GMT+00:00').replace(/^GMT/, 'UTC');
  return language === 'zh'
    ? `${part('year')}年${month}月${Number(part('day'))}日 ${time}（${offset}）`
    : `${Number(part('day'))} ${MONTHS[month - 1] ?? ''} ${part('year')}, ${time} (${offset})`;
}
