import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  CurrentUser,
  IDEMPOTENCY_KEY_HEADER,
  IdempotencyKey,
  Roles,
  actorOf,
  type AuthUser,
} from '@redress/platform';
import { EraseCustomer } from '../application/erase-customer/erase-customer.usecase';
import { CUSTOMER_REF_PATTERN, CustomerRefParam } from './param.pipes';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(private readonly eraseCustomer: EraseCustomer) {}

  @Post(':customerRef/erasure')
  @ApiParam({ name: 'customerRef', schema: { type: 'string', pattern: CUSTOMER_REF_PATTERN } })
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({
    summary: "Erase a customer's personal data (crypto-shredding of their key)",
    description:
      'Events and projections stay valid: they only ever held the customerRef. Erasing again answers 404, except for a retry with the same Idempotency-Key, which gets 204 again.',
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
