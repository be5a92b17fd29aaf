import type { RuleFired, SubjectType } from '@redress/contracts';
import { type CompiledPolicy } from './compiled-policy';
export interface Routing {
    department: string;
    rule: RuleFired;
}
/**
 * DOMAIN §2 routing: "type → responsible department … a table the enterprise edits". The most
 * specific row wins: an override for the subcategory, then for the category, then the type's row
 * (CONTRACT's defaults: product → quality, service and staff → customer-service, …).
 */
export declare function route(classification: {
    type: SubjectType;
    category: string;
    subcategory?: string;
}, compiled: CompiledPolicy): Routing;
