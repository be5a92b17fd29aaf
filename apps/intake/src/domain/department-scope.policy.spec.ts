import {
  laterRoute,
  responsibleDepartment,
  visibilityFor,
  type ComplaintDepartments,
  type Route,
} from './department-scope.policy';

const route = (department: string, triageVersion: number): Route => ({
  department,
  triageVersion,
  routedAt: `2026-11-23T10:0${triageVersion}:00.000Z`,
});

const received: ComplaintDepartments = { receivingDepartment: 'customer-service' };
const routed: ComplaintDepartments = { ...received, routedDepartment: 'quality' };
const routedHome: ComplaintDepartments = { ...received, routedDepartment: 'customer-service' };

describe('department scope', () => {
  it('gives a complaint to its receiving department until triage routes it, then to the routed one', () => {
    expect(responsibleDepartment(received)).toBe('customer-service');
    expect(responsibleDepartment(routed)).toBe('quality');
    expect(responsibleDepartment({})).toBeUndefined();
  });

  it.each([
    {
      reader: 'the receiving department, before routing',
      department: 'customer-service',
      complaint: received,
      sees: 'full',
    },
    {
      reader: 'another department, before routing',
      department: 'quality',
      complaint: received,
      sees: 'none',
    },
    { reader: 'the routed department', department: 'quality', complaint: routed, sees: 'full' },
    {
      reader: 'the receiving department, after routing elsewhere',
      department: 'customer-service',
      complaint: routed,
      sees: 'handed-over',
    },
    {
      reader: 'the receiving department, routed to itself',
      department: 'customer-service',
      complaint: routedHome,
      sees: 'full',
    },
    { reader: 'a third department', department: 'logistics', complaint: routed, sees: 'none' },
    {
      reader: 'the routed department of a complaint no department received',
      department: 'quality',
      complaint: { routedDepartment: 'quality' },
      sees: 'full',
    },
    {
      reader: 'a department, of a complaint neither received nor routed',
      department: 'quality',
      complaint: {},
      sees: 'none',
    },
  ] as const)('$reader sees $sees', ({ department, complaint, sees }) => {
    expect(visibilityFor({ seesAllDepartments: false, department }, complaint)).toBe(sees);
  });

  it('shows every complaint in full to readers of all departments, and none to a reader without one', () => {
    expect(visibilityFor({ seesAllDepartments: true }, routed)).toBe('full');
    expect(visibilityFor({ seesAllDepartments: false }, received)).toBe('none');
  });

  it('keeps the route from the later position of triage’s stream, whatever the arrival order', () => {
    const triaged = route('quality', 1);
    const reclassified = route('logistics', 4);
    expect(laterRoute(undefined, triaged)).toBe(triaged);
    expect(laterRoute(triaged, reclassified)).toBe(reclassified);
    expect(laterRoute(reclassified, triaged)).toBe(reclassified);
    expect(laterRoute(reclassified, route('rnd', 4))).toBe(reclassified);
  });
});
