/** The follow-up domain (DOMAIN §4): pure, no NestJS, no I/O. */
export * from './followup';
export type * from './followup-commands';
export { decide } from './followup.decider';
export * from './followup-policy';
export * from './followup-clocks.policy';
export * from './errors';
