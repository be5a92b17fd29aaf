import { Injectable, type PipeTransform } from '@nestjs/common';
import { InvalidInput } from '@redress/contracts';

export const CUSTOMER_REF_PATTERN = /^cus_[0-9a-z]{26}$/;

export { UuidParam } from '@redress/platform';

/** Path parameters checked with the parameter named in the 400, like body fields. */
@Injectable()
export class CustomerRefParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CUSTOMER_REF_PATTERN.test(value)) {
      throw new InvalidInput(
        'customerRef',
        'must be cus_ followed by 26 lowercase letters or digits',
      );
    }
    return value;
  }
}
