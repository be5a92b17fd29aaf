// The pure resolution domain (DOMAIN §3): the case decider, the approval matrix, SLA clocks as
// timers, supervision orders and crisis task forces, with the policy they read. No NestJS, no I/O.
export * from './case';
export type * from './case-commands';
export { decide, missingApprovals } from './case.decider';
export * from './approval.policy';
export * from './crisis.policy';
export * from './supervision.policy';
export * from './sla-clocks.policy';
export * from './resolution-policy';
export * from './errors';
export { compareAmounts } from './money';
