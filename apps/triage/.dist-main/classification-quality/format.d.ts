import type { ClassificationReport, Outcome } from './measure';
/** The report as aligned text: figures overall, per language and per subject naming; F1 per category; confusions. */
export declare function formatReport(title: string, report: ClassificationReport): string;
/** Each miss in full: for tuning only, never for the evaluation half. */
export declare function formatMisses(outcomes: readonly Outcome[]): string;
export declare function percent(value: number): string;
