import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsISO8601,
  IsOptional,
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

// Phone numbers as people type them: digits with spaces, dashes, dots or brackets, optional +.
const PHONE = /^\+?[0-9][0-9 ().-]{4,24}$/;
const ISO = { strict: true, strictSeparator: true } as const;

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
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: "The enterprise's own customer id (CRM, loyalty card)." })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  externalId?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TIERS })
  @IsOptional()
  @IsIn(CUSTOMER_TIERS)
  tier?: CustomerTier;
}

export class SubjectDto {
  @ApiProperty({ enum: SUBJECT_TYPES })
  @IsIn(SUBJECT_TYPES)
  type!: SubjectType;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) productSku?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) productModel?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) batchNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) orderId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) purchaseChannel?: string;

  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptional()
  @IsISO8601(ISO)
  purchasedAt?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) staffId?: string;
}

export class FlagsDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() lawsuitFiled?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() legalThreat?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() mediaExposed?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() mediaThreat?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() regulatorInvolved?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() safetyIncident?: boolean;
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

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) title?: string;

  @ApiProperty({ minLength: 1, maxLength: 10000, example: '收到的酸奶盒子破损，里面有异物' })
  @IsString()
  @Length(1, 10000)
  description!: string;

  @ApiPropertyOptional({ enum: REMEDIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(REMEDIES, { each: true })
  desiredRemedies?: Remedy[];

  @ApiPropertyOptional({ example: '2026-11-22T18:30:00+08:00' })
  @IsOptional()
  @IsISO8601(ISO)
  occurredAt?: string;

  @ApiPropertyOptional({ example: 'east-china' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  region?: string;

  @ApiPropertyOptional({ example: 'zh-CN' })
  @IsOptional()
  @Matches(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { message: 'language must be a BCP 47 tag' })
  language?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Collective complaints: how many people.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  complainantCount?: number;

  @ApiPropertyOptional({ type: FlagsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FlagsDto)
  flags?: FlagsDto;

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

export class ContactChangeDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number (digits, spaces, dashes, +)' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TIERS })
  @IsOptional()
  @IsIn(CUSTOMER_TIERS)
  tier?: CustomerTier;
}

export class AmendComplaintDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) title?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 10000) description?: string;

  @ApiPropertyOptional({ type: SubjectDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SubjectDto)
  subject?: SubjectDto;

  @ApiPropertyOptional({ enum: REMEDIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(REMEDIES, { each: true })
  desiredRemedies?: Remedy[];

  @ApiPropertyOptional() @IsOptional() @IsISO8601(ISO) occurredAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) region?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { message: 'language must be a BCP 47 tag' })
  language?: string;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(1_000_000) complainantCount?: number;

  @ApiPropertyOptional({ type: FlagsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FlagsDto)
  flags?: FlagsDto;

  @ApiPropertyOptional({ type: [AttachmentDto], description: 'Added to those already there.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  @ApiPropertyOptional({ type: ContactChangeDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactChangeDto)
  customer?: ContactChangeDto;

  @ApiPropertyOptional({ description: 'Why the complaint is amended (kept in the history).' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class WithdrawComplaintDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) reason?: string;
}

export { PHONE as PHONE_PATTERN };
