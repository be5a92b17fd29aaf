import type { RegisteredComplaint } from '../../domain/complaint';

/** A complaint as the intake API shows it. `customer` holds contacts only for roles that call. */
export type ComplaintView = Omit<RegisteredComplaint, 'customer'> & {
  customer: RegisteredComplaint['customer'] & {
    name?: string;
    phone?: string;
    email?: string;
    externalId?: string;
    erased?: boolean;
  };
  version: number;
};
