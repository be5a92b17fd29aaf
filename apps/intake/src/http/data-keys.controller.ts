import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, actorOf, type AuthUser } from '@redress/platform';
import { RotateDataKeys } from '../application/rotate-data-keys/rotate-data-keys.usecase';
import { RewrapDataKeysDto } from './data-keys.dto';

/** Master key rotation (docs/operations.md "Rotating intake's master key"). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/data-keys')
export class DataKeysController {
  constructor(private readonly rotation: RotateDataKeys) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'Customer data keys by the master key that wraps them',
    description:
      'The current master key id, the ids configured, how many data keys each master key wraps, and the ids in use that are not configured (their customers cannot be read).',
  })
  status() {
    return this.rotation.status();
  }

  @Post('rewrap')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Wrap data keys of older master keys again with the current one',
    description:
      'Re-wraps up to `limit` (10,000) data keys and answers with the status after it; repeat until `dataKeys` names only the current key. Then the older master keys can be removed from INTAKE_DATA_KEYRING and destroyed.',
  })
  rewrap(@Body() dto: RewrapDataKeysDto, @CurrentUser() user: AuthUser) {
    return this.rotation.rewrap(dto.limit ?? 10_000, actorOf(user));
  }
}
