import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CHANNELS,
  CUSTOMER_TIERS,
  REMEDIES,
  SUBJECT_TYPES,
  type Channel,
  type CustomerTier,
  type Remedy,
  type SubjectType,
} from '@redress/contracts';
import { IsInstant, Omittable, UniqueItems } from '@redress/platform';
import { MAX_ATTACHMENTS } from '../domain/attachment.policy';

/*
 * What these DTOs accept, the intake events accept: complaint.dto.spec.ts walks both.
 * Optional properties are `@Omittable()` (absent, never null); the defaults of what is left out
 * are the event schemas' (`EventDefinition.complete`); every string and array is bounded.
 */

// Phone numbers as people type them: digits with spaces, dashes, dots or brackets, optional +.
const PHONE = /^\+?[0-9][0-9 ().-]{4,24}$/;
// BCP 47; RFC 5646 §4.4.1 asks that tags up to 35 characters be supported.
const LANGUAGE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;
const MAX_LANGUAGE_LENGTH = 35;
// RFC 5321: an address is at most 254 characters.
const MAX_EMAIL_LENGTH = 254;

export class CustomerDto {
  @ApiProperty({ example: '张三', description: 'Encrypted at rest; never leaves intake.' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: '+86 138 1234 5678' })
  @ValidateIf((o: CustomerDto) => o.phone !== undefined || o.email === undefined)
  @IsDefined({ message: 'phone or email is required: give at least one contact' })
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, dashes, +)' })
  phone?: string;

  @ApiPropertyOptional({ example: 'zhang.san@example.com' })
  @Omittable()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(MAX_EMAIL_LENGTH)
  email?: string;

  @ApiPropertyOptional({ description: "The enterprise's own customer id (CRM, loyalty card)." })
  @Omittable()
  @IsString()
  @Length(1, 100)
  externalId?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TIERS })
  @Omittable()
  @IsIn(CUSTOMER_TIERS)
  tier?: CustomerTier;
}

export class SubjectDto {
  @ApiProperty({ enum: SUBJECT_TYPES })
  @IsIn(SUBJECT_TYPES)
  type!: SubjectType;

  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 100) productSku?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 100) productModel?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 100) batchNo?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 100) orderId?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 100) purchaseChannel?: string;

  @ApiPropertyOptional({ example: '2026-11-01' })
  @Omittable()
  @IsInstant()
  purchasedAt?: string;

  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 100) staffId?: string;
}

export class FlagsDto {
  @ApiPropertyOptional() @Omittable() @IsBoolean() lawsuitFiled?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() legalThreat?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() mediaExposed?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() mediaThreat?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() regulatorInvolved?: boolean;
  @ApiPropertyOptional() @Omittable() @IsBoolean() safetyIncident?: boolean;
}

export class AttachmentDto {
  @ApiProperty() @IsString() @Length(1, 255) name!: string;

  @ApiProperty({ description: 'SHA-256 of the file, hex.' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256!: string;

  @ApiProperty()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url!: string;
}

export class RegisterComplaintDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ type: CustomerDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer!: CustomerDto;

  @ApiProperty({ type: SubjectDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SubjectDto)
  subject!: SubjectDto;

  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 200) title?: string;

  @ApiProperty({ minLength: 1, maxLength: 10000, example: '收到的酸奶盒子破损，里面有异物' })
  @IsString()
  @Length(1, 10000)
  description!: string;

  @ApiPropertyOptional({ enum: REMEDIES, isArray: true })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(REMEDIES.length)
  @UniqueItems()
  @IsIn(REMEDIES, { each: true })
  desiredRemedies?: Remedy[];

  @ApiPropertyOptional({ example: '2026-11-22T18:30:00+08:00' })
  @Omittable()
  @IsInstant()
  occurredAt?: string;

  @ApiPropertyOptional({ example: 'east-china' })
  @Omittable()
  @IsString()
  @Length(1, 100)
  region?: string;

  @ApiPropertyOptional({ example: 'zh-CN' })
  @Omittable()
  @MaxLength(MAX_LANGUAGE_LENGTH)
  @Matches(LANGUAGE, { message: 'language must be a BCP 47 tag' })
  language?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Collective complaints: how many people.' })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  complainantCount?: number;

  @ApiPropertyOptional({ type: FlagsDto })
  @Omittable()
  @IsObject()
  @ValidateNested()
  @Type(() => FlagsDto)
  flags?: FlagsDto;

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  // ValidateNested lets an array inside the array through (it validates that array's items).
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

export class ContactChangeDto {
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 200) name?: string;

  @ApiPropertyOptional()
  @Omittable()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, dashes, +)' })
  phone?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(MAX_EMAIL_LENGTH)
  email?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TIERS })
  @Omittable()
  @IsIn(CUSTOMER_TIERS)
  tier?: CustomerTier;
}

export class AmendComplaintDto {
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 200) title?: string;

  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 10000) description?: string;

  @ApiPropertyOptional({ type: SubjectDto })
  @Omittable()
  @IsObject()
  @ValidateNested()
  @Type(() => SubjectDto)
  subject?: SubjectDto;

  @ApiPropertyOptional({ enum: REMEDIES, isArray: true })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(REMEDIES.length)
  @UniqueItems()
  @IsIn(REMEDIES, { each: true })
  desiredRemedies?: Remedy[];

  @ApiPropertyOptional() @Omittable() @IsInstant() occurredAt?: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 100) region?: string;

  @ApiPropertyOptional()
  @Omittable()
  @MaxLength(MAX_LANGUAGE_LENGTH)
  @Matches(LANGUAGE, { message: 'language must be a BCP 47 tag' })
  language?: string;

  @ApiPropertyOptional() @Omittable() @IsInt() @Min(1) @Max(1_000_000) complainantCount?: number;

  @ApiPropertyOptional({ type: FlagsDto })
  @Omittable()
  @IsObject()
  @ValidateNested()
  @Type(() => FlagsDto)
  flags?: FlagsDto;

  @ApiPropertyOptional({ type: [AttachmentDto], description: 'Added to those already there.' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  // ValidateNested lets an array inside the array through (it validates that array's items).
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  @ApiPropertyOptional({ type: ContactChangeDto })
  @Omittable()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactChangeDto)
  customer?: ContactChangeDto;

  @ApiPropertyOptional({ description: 'Why the complaint is amended (kept in the history).' })
  @Omittable()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class WithdrawComplaintDto {
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 1000) reason?: string;
}

export { PHONE as PHONE_PATTERN };
