import { ComplaintReclassified } from '@redress/contracts';
import { dtoSchema } from '@redress/platform';
import { schemaGaps, type ComparedSchema } from '@redress/testing';
import { ReclassificationDto } from './reclassification.dto';

/**
 * What the reclassification DTO accepts, ComplaintReclassified accepts (issue 10). The fields a
 * supervisor sets are merged over the current decision into `after`; the rest of the event is
 * the decision triage computes.
 */
describe('ReclassificationDto against ComplaintReclassified', () => {
  it('accepts nothing the event would refuse', () => {
    expect(
      schemaGaps(
        dtoSchema(ReclassificationDto) as ComparedSchema,
        ComplaintReclassified.schema as unknown as ComparedSchema,
        {
          supplied: [
            'complaintId',
            'reclassifiedAt',
            'by',
            'before',
            'after',
            'changedFields',
            'deadlines',
            'confidence',
            'needsReview',
            'notify',
            'approver',
            'reportToHeadquarters',
            'overriddenFields',
            'rulesFired',
            'policyVersion',
          ],
          merged: {
            type: 'after.type',
            category: 'after.category',
            // null removes the subcategory: `after` then has none.
            subcategory: 'after.subcategory',
            severity: 'after.severity',
            escalationClass: 'after.escalationClass',
            department: 'after.department',
          },
        },
      ),
    ).toEqual([]);
  });
});
