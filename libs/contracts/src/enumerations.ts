// The enumerations of CONTRACT.md as plain values, with no schema library behind them, so the
// web console and scripts can import them as they are; vocabulary.ts builds the schemas on them.
export const CHANNELS = [
  'hotline',
  'web',
  'app',
  'email',
  'social_media',
  'wechat',
  'store',
  'regulator',
  'media',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const SUBJECT_TYPES = [
  'product',
  'service',
  'staff',
  'process',
  'logistics',
  'billing',
  'property',
  'other',
] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const REMEDIES = [
  'refund',
  'exchange',
  'repair',
  'apology',
  'compensation',
  'explanation',
] as const;
export type Remedy = (typeof REMEDIES)[number];

export const CUSTOMER_TIERS = ['high', 'medium', 'low'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const ROLES = [
  'channel',
  'agent',
  'supervisor',
  'department_head',
  'legal',
  'analyst',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const FLAG_NAMES = [
  'lawsuitFiled',
  'legalThreat',
  'mediaExposed',
  'mediaThreat',
  'regulatorInvolved',
  'safetyIncident',
] as const;
export type FlagName = (typeof FLAG_NAMES)[number];
