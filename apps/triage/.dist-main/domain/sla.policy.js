"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.deadlinesFor = deadlinesFor;
exports.earliestDeadlines = earliestDeadlines;
/**
 * DOMAIN §2 severity table: the response, plan and resolution deadlines of a severity, counted
 * from `from` on the level's clock — around the clock for major complaints, the business
 * calendar for the others (hours there are working hours). A customer tier's factor (≤ 1)
 * shortens every clock of that customer and never lengthens anyone's (DOMAIN §2 customer value).
 */
function deadlinesFor(severity, tier, from, compiled) {
    const target = compiled.policy.sla.targets[severity];
    const clock = target.clock === '24/7' ? compiled.aroundTheClock : compiled.businessCalendar;
    const factor = tier === 'unknown' ? 1 : Math.min(1, compiled.policy.sla.customerTiers[tier].factor);
    const at = (duration) => addScaled(clock, from, duration, factor).toISOString();
    const deadlines = {
        ...(target.respondWithin ? { respondBy: at(target.respondWithin) } : {}),
        ...(target.planWithin ? { planBy: at(target.planWithin) } : {}),
        resolveBy: at(target.resolveWithin),
    };
    const rulesFired = [
        { rule: `sla:${severity}`, reason: describeTarget(severity, target) },
    ];
    if (factor < 1) {
        rulesFired.push({
            rule: `tier:${tier}`,
            reason: `${tier}-tier customer: every clock × ${factor}`,
        });
    }
    return { deadlines, rulesFired };
}
/**
 * The earlier of two sets of deadlines, each kind on its own: a rise in severity restarts the
 * clocks from the moment it is known but never moves a deadline already promised later.
 */
function earliestDeadlines(previous, next) {
    const pick = (a, b) => a === undefined ? b : b === undefined ? a : Date.parse(a) <= Date.parse(b) ? a : b;
    const respondBy = pick(previous.respondBy, next.respondBy);
    const planBy = pick(previous.planBy, next.planBy);
    return {
        ...(respondBy ? { respondBy } : {}),
        ...(planBy ? { planBy } : {}),
        resolveBy: pick(previous.resolveBy, next.resolveBy) ?? next.resolveBy,
    };
}
/**
 * `duration × factor` of counted time. Hours and minutes scale directly; days are first turned
 * into the counted time they stand for from `from`, so "1 working day × 0.5" is half of that
 * day's working hours.
 */
function addScaled(clock, from, duration, factor) {
    if (factor >= 1)
        return clock.add(from, duration);
    const hours = (duration.hours ?? 0) * factor;
    const minutes = (duration.minutes ?? 0) * factor;
    if (!duration.days)
        return clock.add(from, { hours, minutes });
    const days = clock.elapsed(from, clock.add(from, { days: duration.days }));
    return clock.add(from, { hours, minutes: minutes + (days * factor) / 60_000 });
}
function describeTarget(severity, target) {
    const parts = [];
    if (target.respondWithin)
        parts.push(`respond within ${describe(target.respondWithin, target)}`);
    if (target.planWithin)
        parts.push(`plan within ${describe(target.planWithin, target)}`);
    parts.push(`resolve within ${describe(target.resolveWithin, target)}`);
    const clock = target.clock === '24/7' ? 'around the clock' : 'on the business calendar';
    return `${severity}: ${parts.join(', ')}, ${clock}`;
}
function describe(duration, target) {
    const parts = [];
    if (duration.days) {
        const unit = target.clock === 'business' ? 'working day' : 'day';
        parts.push(`${duration.days} ${unit}${duration.days === 1 ? '' : 's'}`);
    }
    if (duration.hours)
        parts.push(`${duration.hours} h`);
    if (duration.minutes)
        parts.push(`${duration.minutes} min`);
    return parts.join(' ');
}
//# sourceMappingURL=sla.policy.js.map