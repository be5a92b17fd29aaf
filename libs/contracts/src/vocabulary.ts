import { Type, type Static } from '@sinclair/typebox';

/** Enumerations of CONTRACT.md shared by every service. */
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

export const ChannelSchema = Type.Union(CHANNELS.map((c) => Type.Literal(c)));
export const SubjectTypeSchema = Type.Union(SUBJECT_TYPES.map((c) => Type.Literal(c)));
export const RemedySchema = Type.Union(REMEDIES.map((c) => Type.Literal(c)));
export const CustomerTierSchema = Type.Union(CUSTOMER_TIERS.map((c) => Type.Literal(c)));

export const FlagsSchema = Type.Object(
  {
    lawsuitFiled: Type.Boolean(),
    legalThreat: Type.Boolean(),
    mediaExposed: Type.Boolean(),
    mediaThreat: Type.Boolean(),
    regulatorInvolved: Type.Boolean(),
    safetyIncident: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Flags = Static<typeof FlagsSchema>;

export const NO_FLAGS: Flags = {
  lawsuitFiled: false,
  legalThreat: false,
  mediaExposed: false,
  mediaThreat: false,
  regulatorInvolved: false,
  safetyIncident: false,
};
