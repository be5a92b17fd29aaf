export * from './envelope';
export * from './topics';
export * from './domain-error';
export * from './vocabulary';
export * from './registry';
export { isDateTime } from './formats';
export * from './intake-events';
export * from './lifecycle-events';
export * from './triage-events';
