import { DomainError } from '@redress/contracts';

export class ComplaintNotTriaged extends DomainError {
  readonly kind = 'not_found';
  constructor(complaintId: string) {
    super(`complaint ${complaintId} has not been triaged (unknown, or not yet received)`);
  }
}

export class OutsideDepartment extends DomainError {
  readonly kind = 'forbidden';
  constructor(department: string) {
    super(`the complaint is routed to "${department}", outside your scope`);
  }
}
