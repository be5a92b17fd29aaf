import type { ComplaintRegisteredData } from '@redress/contracts';
import { maskEmail, maskName, maskPhone } from '../../domain/masking';
import type { PersonalData } from './personal-data.vault';

type MaskedCustomer = ComplaintRegisteredData['customer'];

/** The customer as every other service sees them: a reference and masked contacts. */
export function maskCustomer(
  ref: string,
  contact: PersonalData,
  tier: MaskedCustomer['tier'] | undefined,
): MaskedCustomer {
  return {
    customerRef: ref,
    maskedName: maskName(contact.name),
    ...(contact.phone !== undefined ? { maskedPhone: maskPhone(contact.phone) } : {}),
    ...(contact.email !== undefined ? { maskedEmail: maskEmail(contact.email) } : {}),
    ...(tier !== undefined ? { tier } : {}),
  };
}

export function personalDataOf(customer: {
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
  externalId?: string | undefined;
}): PersonalData {
  return {
    name: customer.name,
    phone: customer.phone,
    email: customer.email,
    externalId: customer.externalId,
  };
}
