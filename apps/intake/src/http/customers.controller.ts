import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  CurrentUser,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  Roles,
  actorOf,
  type AuthUser,
} from '@redress/platform';
import {
  EraseCustomer,
  type ErasureReport,
} from '../application/erase-customer/erase-customer.usecase';
import { ErasePersonDto } from './erasure.dto';
import { CUSTOMER_REF_PATTERN, CustomerRefParam } from './param.pipes';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly eraseCustomer: EraseCustomer) {}

  @Post('erasure')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Erase a person: every record found by any identifier they name',
    description:
      "Destroys the key, the encrypted contacts and the identifier lookups of every customer record that any of the given customerRefs, external ids, phones or e-mails finds, in one transaction, and answers which customerRefs and how many complaints it reached. `dryRun` answers the same and erases nothing. 404 when nothing is held for any of them. Events and projections stay valid: they only ever held the customerRef and masked contacts. What erasure does not reach (backups, text masking could not recognise) is listed in intake's README.",
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  erasePerson(
    @Body() dto: ErasePersonDto,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ): Promise<ErasureReport> {
    return this.eraseCustomer.erasePerson(
      {
        customerRefs: dto.customerRefs,
        externalIds: dto.externalIds,
        phones: dto.phones,
        emails: dto.emails,
      },
      dto.dryRun ?? false,
      actorOf(user),
      key,
    );
  }

  @Post(':customerRef/erasure')
  @ApiParam({ name: 'customerRef', schema: { type: 'string', pattern: CUSTOMER_REF_PATTERN } })
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({
    summary: "Erase one customer record's personal data (crypto-shredding of its key)",
    description:
      'Erases the record of this customerRef only; to erase a person known by several identifiers, use POST /customers/erasure. Events and projections stay valid: they only ever held the customerRef. Erasing again answers 404, except for a retry with the same Idempotency-Key, which gets 204 again.',
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  async erase(
    @Param('customerRef', CustomerRefParam) ref: string,
    @CurrentUser() user: AuthUser,
    @IdempotencyKey() key: string | undefined,
  ) {
    await this.eraseCustomer.execute(ref, actorOf(user), key);
  }
}
