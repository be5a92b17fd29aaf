"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.route = route;
const compiled_policy_1 = require("./compiled-policy");
/**
 * DOMAIN §2 routing: "type → responsible department … a table the enterprise edits". The most
 * specific row wins: an override for the subcategory, then for the category, then the type's row
 * (CONTRACT's defaults: product → quality, service and staff → customer-service, …).
 */
function route(classification, compiled) {
    const { type, category, subcategory } = classification;
    if (subcategory !== undefined) {
        const department = compiled.routingOverrides.get((0, compiled_policy_1.routingKey)(type, category, subcategory));
        if (department) {
            return {
                department,
                rule: {
                    rule: `routing:${type}.${category}.${subcategory}`,
                    reason: `${type}.${category}.${subcategory} complaints go to ${department}`,
                },
            };
        }
    }
    const byCategory = compiled.routingOverrides.get((0, compiled_policy_1.routingKey)(type, category));
    if (byCategory) {
        return {
            department: byCategory,
            rule: {
                rule: `routing:${type}.${category}`,
                reason: `${type}.${category} complaints go to ${byCategory}`,
            },
        };
    }
    const department = compiled.policy.routing.types[type];
    return {
        department,
        rule: { rule: `routing:${type}`, reason: `${type} complaints go to ${department}` },
    };
}
//# sourceMappingURL=routing.policy.js.map