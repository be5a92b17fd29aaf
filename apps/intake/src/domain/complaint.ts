import type {
  ComplaintAcknowledgedData,
  ComplaintAmendedData,
  ComplaintRegisteredData,
  ComplaintWithdrawnData,
  DuplicateComplaintLinkedData,
} from '@redress/contracts';

/** The events of one complaint's intake stream, as the decider sees them. */
export type ComplaintEvent =
  | { type: 'ComplaintRegistered'; data: ComplaintRegisteredData }
  | { type: 'ComplaintAcknowledged'; data: ComplaintAcknowledgedData }
  | { type: 'ComplaintAmended'; data: ComplaintAmendedData }
  | { type: 'ComplaintWithdrawn'; data: ComplaintWithdrawnData }
  | { type: 'DuplicateComplaintLinked'; data: DuplicateComplaintLinkedData };

export type ComplaintStatus = 'registered' | 'withdrawn';

export type RegisteredComplaint = Omit<ComplaintRegisteredData, 'customer'> & {
  customer: ComplaintRegisteredData['customer'];
  status: ComplaintStatus;
  acknowledgeBy: string;
  updatedAt: string;
  withdrawnAt?: string;
  withdrawalReason?: string;
  amendmentCount: number;
  linkedSubmissions: number;
};

export type ComplaintState = { status: 'none' } | RegisteredComplaint;

export const initialState = (): ComplaintState => ({ status: 'none' });
