import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import * as casework from './casework';
import * as consoleops from './consoleops';
import * as desk from './desk';
import { en } from './en';
import { zh } from './zh';

/** Pages' own string modules (`{ en, zh }` each), merged over the common strings. */
const MODULES: ReadonlyArray<{ en: object; zh: object }> = [casework, desk, consoleops];

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'redress.language';

/** The saved choice, else the browser's first preference (Chinese or English), else English. */
export function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'zh-CN' || saved === 'en') return saved;
  return navigator.languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}

export function initI18n(): typeof i18next {
  const lng = initialLanguage();
  document.documentElement.lang = lng;
  void i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    resources: {
      en: { translation: Object.assign({}, en, ...MODULES.map((m) => m.en)) },
      'zh-CN': { translation: Object.assign({}, zh, ...MODULES.map((m) => m.zh)) },
    },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18next;
}
