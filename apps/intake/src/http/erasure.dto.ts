import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsEmail,
  IsString,
  Length,
  Matches,
  ValidateIf,
  IsDefined,
} from 'class-validator';
import { Omittable } from '@redress/platform';
import { PHONE_PATTERN } from './complaint.dto';
import { CUSTOMER_REF_PATTERN } from './param.pipes';

const NAME_THE_PERSON =
  'name the person: at least one of customerRefs, externalIds, phones or emails';

/** How many values of each kind one erasure request may name. */
const MAX_IDENTIFIERS = 20;

/**
 * A person to erase, by every identifier they are known by: each record any one of them finds is
 * erased. At least one identifier in all.
 */
export class ErasePersonDto {
  @ApiPropertyOptional({ type: [String], example: ['cus_abcdefghijklmnopqrstuvwxyz'] })
  // Where nothing else names the person, the problem is reported on this first field.
  @ValidateIf((o: ErasePersonDto) => identifierCount(o) === 0 || !isAbsent(o.customerRefs))
  @IsDefined({ message: NAME_THE_PERSON })
  @IsArray()
  @ArrayNotEmpty({ message: NAME_THE_PERSON })
  @ArrayMaxSize(MAX_IDENTIFIERS)
  @Matches(new RegExp(CUSTOMER_REF_PATTERN), {
    each: true,
    message: 'customerRefs must hold cus_ followed by 26 lowercase letters or digits',
  })
  customerRefs?: string[];

  @ApiPropertyOptional({ type: [String], description: "The enterprise's own customer ids." })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(MAX_IDENTIFIERS)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  externalIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Every form the person used: with and without the country code.',
    example: ['+86 138 1234 5678', '13812345678'],
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(MAX_IDENTIFIERS)
  @Matches(PHONE_PATTERN, {
    each: true,
    message: 'phones must hold phone numbers (digits, spaces, dashes, +)',
  })
  phones?: string[];

  @ApiPropertyOptional({ type: [String], example: ['zhang.san@example.com'] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(MAX_IDENTIFIERS)
  @IsEmail({}, { each: true, message: 'emails must hold e-mail addresses' })
  @Length(3, 254, { each: true })
  emails?: string[];

  @ApiPropertyOptional({
    default: false,
    description: 'Answer what would be erased, and erase nothing.',
  })
  @Omittable()
  @IsBoolean()
  dryRun?: boolean;
}

/** Identifiers named; a value that is not an array counts, so that its own check reports it. */
function identifierCount(o: ErasePersonDto): number {
  const count = (v: unknown) => (Array.isArray(v) ? v.length : v === undefined ? 0 : 1);
  return count(o.customerRefs) + count(o.externalIds) + count(o.phones) + count(o.emails);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}
