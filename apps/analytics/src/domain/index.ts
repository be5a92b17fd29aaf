/** The analytics domain (DOMAIN §5): the detectors of findings, pure, no NestJS, no I/O. */
export * from './analytics-policy';
export * from './errors';
export type * from './findings';
export { FindingsDetector, type ObserveResult } from './findings.detector';
export { alertIdOf, topicIdOf, subjectKey } from './findings.engine';
export * from './findings-as-of';
export type { HotWord, PhraseColumns } from './hot-words.detector';
export { PhraseExtractor, type PhraseLanguage } from './text-phrases';
export { WindowClock, type WindowBounds, type WindowSpan } from './windows';
