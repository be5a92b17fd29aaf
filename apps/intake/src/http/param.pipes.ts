import { Injectable, type PipeTransform } from '@nestjs/common';
import { InvalidInput } from '@redress/contracts';
import { normaliseTrackingNo } from '../application/tracking';

/** `customerRef` as intake issues it (`customerRef` in application/personal-data). */
export const CUSTOMER_REF_PATTERN = '^cus_[0-9a-z]{26}$';
const CUSTOMER_REF = new RegExp(CUSTOMER_REF_PATTERN);
/** For OpenAPI; `TrackingNoParam` also accepts lower case. */
export const TRACKING_NO_PATTERN = '^RD-[0-9]{8}-[0-9A-HJKMNP-TV-Z]{8}$';

export { UuidParam } from '@redress/platform';

/** Path parameters checked with the parameter named in the 400, like body fields. */
@Injectable()
export class CustomerRefParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CUSTOMER_REF.test(value)) {
      throw new InvalidInput(
        'customerRef',
        'must be cus_ followed by 26 lowercase letters or digits',
      );
    }
    return value;
  }
}

/** A tracking number (`RD-20261123-7KQ2M9XA`, any case), upper-cased; anything else is a 400. */
@Injectable()
export class TrackingNoParam implements PipeTransform<string, string> {
  transform(value: string): string {
    // Checked for length first: the pattern is linear, but a 16 kB path need not be read at all.
    const trackingNo = value.length <= 40 ? normaliseTrackingNo(value) : undefined;
    if (trackingNo === undefined) {
      throw new InvalidInput(
        'trackingNo',
        'must be a tracking number such as RD-20261123-7KQ2M9XA',
      );
    }
    return trackingNo;
  }
}
