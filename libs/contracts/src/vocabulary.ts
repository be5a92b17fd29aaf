import { CloneType, Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** Enumerations of CONTRACT.md shared by every service (plain values in enumerations.ts). */
import { CHANNELS, CUSTOMER_TIERS, REMEDIES, SUBJECT_TYPES } from './enumerations';

export {
  CHANNELS,
  CUSTOMER_TIERS,
  FLAG_NAMES,
  REMEDIES,
  ROLES,
  SUBJECT_TYPES,
  type Channel,
  type CustomerTier,
  type FlagName,
  type Remedy,
  type Role,
  type SubjectType,
} from './enumerations';

export const ChannelSchema = Type.Union(CHANNELS.map((c) => Type.Literal(c)));
export const SubjectTypeSchema = Type.Union(SUBJECT_TYPES.map((c) => Type.Literal(c)));
export const RemedySchema = Type.Union(REMEDIES.map((c) => Type.Literal(c)));
export const CustomerTierSchema = Type.Union(CUSTOMER_TIERS.map((c) => Type.Literal(c)));

/**
 * The risk flags of a complaint. A flag left out is false: the defaults are part of the schema,
 * so every event that carries flags gets them the same way (`EventDefinition.complete`). Where
 * the flags themselves may be left out, the event says so (`DefaultedFlagsSchema`): an optional
 * `flags` of an amendment must stay absent, not become all false.
 */
export const FlagsSchema = Type.Object(
  {
    lawsuitFiled: Type.Boolean({ default: false }),
    legalThreat: Type.Boolean({ default: false }),
    mediaExposed: Type.Boolean({ default: false }),
    mediaThreat: Type.Boolean({ default: false }),
    regulatorInvolved: Type.Boolean({ default: false }),
    safetyIncident: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);
export type Flags = Static<typeof FlagsSchema>;

/** `flags` that a command may leave out altogether: no flag raised. */
export const DefaultedFlagsSchema = CloneType(FlagsSchema, { default: {} });

/** Every flag at its schema default (false). */
export const NO_FLAGS: Readonly<Flags> = Object.freeze(Value.Default(FlagsSchema, {}) as Flags);
