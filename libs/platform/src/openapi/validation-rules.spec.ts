import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Omittable } from '../dto/omittable';
import { describeValidationRules } from './validation-rules';

const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

class Ticket {
  @ApiProperty({ description: 'What went wrong.', maxLength: 500 })
  @IsString()
  @Length(1, 1000)
  text!: string;

  @ApiProperty()
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(5)
  stars?: number;

  @Matches(/^[A-Z]{3}$/)
  code!: string;
}

class VipTicket extends Ticket {
  @ApiPropertyOptional() @Omittable() @IsString() @Length(1, 20) lounge?: string;
}

const documented = (target: object, name: string) =>
  Reflect.getMetadata(API_MODEL_PROPERTIES, target, name) as Record<string, unknown>;

describe('describeValidationRules', () => {
  beforeAll(() => describeValidationRules());

  it('documents the bounds and formats of the validation rules', () => {
    expect(documented(Ticket.prototype, 'stars')).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 5,
    });
    expect(documented(Ticket.prototype, 'code')).toMatchObject({
      type: String,
      pattern: '^[A-Z]{3}$',
      required: true,
    });
  });

  it('keeps what @ApiProperty states, but required always follows the validation', () => {
    expect(documented(Ticket.prototype, 'text')).toMatchObject({
      description: 'What went wrong.',
      maxLength: 500,
      minLength: 1,
      required: true,
    });
    // @ApiProperty() says required; @Omittable() says it may be left out.
    expect(documented(Ticket.prototype, 'stars')).toMatchObject({ required: false });
  });

  it('documents a subclass without hiding what it inherits', () => {
    expect(documented(VipTicket.prototype, 'lounge')).toMatchObject({ maxLength: 20 });
    expect(Reflect.getMetadata('swagger/apiModelPropertiesArray', VipTicket.prototype)).toEqual(
      expect.arrayContaining([':text', ':stars', ':code', ':lounge']),
    );
  });

  it('can run again without changing anything', () => {
    const before = documented(Ticket.prototype, 'text');
    describeValidationRules();
    expect(documented(Ticket.prototype, 'text')).toEqual(before);
  });
});
