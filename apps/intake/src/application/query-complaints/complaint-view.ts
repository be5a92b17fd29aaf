import type { RegisteredComplaint } from '../../domain/complaint';

/**
 * A complaint as the intake API shows it to a reader in its scope. `customer` holds contacts
 * only for roles that call back; `department` is the department responsible for it now (the
 * routed one once triage routed it, else the receiving one) and `routedAt` when triage did.
 */
export type ComplaintView = Omit<RegisteredComplaint, 'customer'> & {
  customer: RegisteredComplaint['customer'] & {
    name?: string;
    phone?: string;
    email?: string;
    externalId?: string;
    erased?: boolean;
  };
  department?: string;
  routedAt?: string;
  version: number;
};

/**
 * What the receiving department keeps of a complaint triage routed to another department
 * (domain/department-scope.policy.ts): that it received it, its tracking number and status, and
 * where and when it went — not its contents, not the customer.
 */
export interface HandedOverView {
  complaintId: string;
  trackingNo: string;
  status: string;
  channel: string;
  registeredAt: string;
  acknowledgeBy: string;
  updatedAt: string;
  receivingDepartment: string;
  department: string;
  routedAt: string;
  handedOver: true;
  version: number;
}
