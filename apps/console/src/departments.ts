/** The departments the development sign-in offers and the filters list; the services take any
 * department a token names (triage's policy routes to them). */
export const DEPARTMENTS = [
  'customer-service',
  'quality',
  'logistics',
  'rnd',
  'property',
  'operations',
  'finance',
];
