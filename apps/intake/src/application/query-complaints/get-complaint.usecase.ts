import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Actor } from '@redress/contracts';
import type { EventStore } from '@redress/event-store';
import { ComplaintNotFound } from '../../domain/errors';
import { ComplaintStream } from '../complaint-stream';
import { PersonalDataVault } from '../personal-data/personal-data.vault';
import { INTAKE_EVENT_STORE } from '../tokens';
import { ComplaintAccess } from './complaint-access';
import type { ComplaintView, HandedOverView } from './complaint-view';

/**
 * One complaint, folded from its stream; contacts decrypted only for roles that call back. The
 * receiving department gets its handed-over record once triage routed the complaint elsewhere.
 */
@Injectable()
export class GetComplaint {
  private readonly audit = new Logger('PersonalDataAccess');

  constructor(
    private readonly stream: ComplaintStream,
    private readonly vault: PersonalDataVault,
    private readonly access: ComplaintAccess,
    @Inject(INTAKE_EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(complaintId: string, actor: Actor): Promise<ComplaintView | HandedOverView> {
    return this.store.transaction(async (tx) => {
      const { state, version } = await this.stream.load(tx, complaintId);
      if (state.status === 'none') throw new ComplaintNotFound(complaintId);
      const readable = await this.access.assertCanRead(tx, actor, state);
      if (readable.visibility === 'handed-over') {
        return this.access.handedOverView(
          { ...state, receivingDepartment: readable.receivingDepartment },
          readable.route,
          version,
        );
      }
      const view = this.access.view(state, version, readable.route);
      if (!this.access.mayReadContacts(actor)) return view;

      const contact = await this.vault.read(tx, complaintId);
      // Who read whose contacts, never the contacts themselves.
      this.audit.log({
        msg: 'contacts read',
        complaintId,
        by: actor.id,
        customerRef: state.customer.customerRef,
      });
      if ('erased' in contact) return { ...view, customer: { ...view.customer, erased: true } };
      return {
        ...view,
        customer: {
          ...view.customer,
          name: contact.name,
          ...(contact.phone !== undefined ? { phone: contact.phone } : {}),
          ...(contact.email !== undefined ? { email: contact.email } : {}),
          ...(contact.externalId !== undefined ? { externalId: contact.externalId } : {}),
        },
      };
    });
  }
}
