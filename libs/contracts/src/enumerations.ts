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

/** DOMAIN §2 severity levels, least severe first: 000's *minor*, then 002's I, II, III. */
export const SEVERITIES = ['minor', 'general', 'serious', 'major'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** DOMAIN §2 escalation classes (003), lowest first. */
export const ESCALATION_CLASSES = ['general', 'important', 'hot', 'major'] as const;
export type EscalationClass = (typeof ESCALATION_CLASSES)[number];

/**
 * The remedy-option vocabulary of resolution plans (CONTRACT changes of 2026-12-04), apart from
 * the `desiredRemedies` a customer names at intake. DOMAIN §3: tiered choices the customer picks
 * from, plus emotional gestures.
 */
export const REMEDY_OPTION_KINDS = [
  'refund',
  'exchange',
  'repair',
  'coupon',
  'extended_warranty',
  'remote_guidance',
  'apology',
  'compensation',
] as const;
export type RemedyOptionKind = (typeof REMEDY_OPTION_KINDS)[number];

/** DOMAIN §3: who was responsible, found by the investigation. */
export const RESPONSIBILITIES = ['company', 'customer', 'third_party', 'undetermined'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

/** Whether a due time counts working time of the business calendar or runs around the clock. */
export const CLOCK_CALENDARS = ['business', '24/7'] as const;
export type ClockCalendar = (typeof CLOCK_CALENDARS)[number];

export const CONTACT_CHANNELS = [
  'phone',
  'sms',
  'email',
  'wechat',
  'app',
  'in_person',
  'video',
  'letter',
  'other',
] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** DOMAIN §3: root cause with evidence (chat logs, waybills, test reports). */
export const EVIDENCE_KINDS = [
  'chat_log',
  'call_recording',
  'waybill',
  'test_report',
  'photo',
  'document',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
