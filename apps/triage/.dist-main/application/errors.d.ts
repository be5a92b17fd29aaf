import { DomainError } from '@redress/contracts';
export declare class ComplaintNotTriaged extends DomainError {
    readonly kind = "not_found";
    constructor(complaintId: string);
}
export declare class OutsideDepartment extends DomainError {
    readonly kind = "forbidden";
    constructor(department: string);
}
