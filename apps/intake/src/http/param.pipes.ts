import { Injectable, type PipeTransform } from '@nestjs/common';
import { InvalidInput } from '@redress/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CUSTOMER_REF = /^cus_[0-9a-z]{26}$/;

/** Path parameters checked with the parameter named in the 400, like body fields. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}
  transform(value: string): string {
    if (!UUID.test(value)) throw new InvalidInput(this.field, 'must be a UUID');
    return value.toLowerCase();
  }
}

@Injectable()
export class CustomerRefParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CUSTOMER_REF.test(value)) {
      throw new InvalidInput('customerRef', 'must be cus_ followed by 26 lowercase letters or digits');
    }
    return value;
  }
}
