"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_CLUSTER_SUBJECTS = exports.CLUSTER_SUBJECT_FIELDS = void 0;
exports.factsFromRegistration = factsFromRegistration;
exports.amendFacts = amendFacts;
exports.clusterKey = clusterKey;
exports.subjectKey = subjectKey;
function factsFromRegistration(data) {
    return {
        complaintId: data.complaintId,
        registeredAt: data.registeredAt,
        subject: data.subject,
        ...(data.title === undefined ? {} : { title: data.title }),
        description: data.description,
        complainantCount: data.complainantCount,
        flags: data.flags,
        ...(data.customer.tier === undefined ? {} : { customerTier: data.customer.tier }),
    };
}
/** The facts after an amendment: the fields present in `changes` replace the old ones. */
function amendFacts(facts, changes) {
    const amended = { ...facts };
    if (changes.title !== undefined)
        amended.title = changes.title;
    if (changes.description !== undefined)
        amended.description = changes.description;
    if (changes.subject !== undefined)
        amended.subject = changes.subject;
    if (changes.complainantCount !== undefined)
        amended.complainantCount = changes.complainantCount;
    if (changes.flags !== undefined)
        amended.flags = changes.flags;
    if (changes.customer?.tier !== undefined)
        amended.customerTier = changes.customer.tier;
    return amended;
}
/** Identifiers of a complaint's subject that can name one concrete thing several people share. */
exports.CLUSTER_SUBJECT_FIELDS = [
    'productSku',
    'batchNo',
    'productModel',
    'staffId',
    'purchaseChannel',
];
/**
 * The default of `escalation.cluster.subjects`: a product (SKU, batch, model) or a staff member.
 * `purchaseChannel` is left out: on most complaint desks it is a marketplace or "online", which
 * thousands of unrelated customers share; an enterprise whose channel names a store adds it.
 */
exports.DEFAULT_CLUSTER_SUBJECTS = [
    'productSku',
    'batchNo',
    'productModel',
    'staffId',
];
/**
 * DOMAIN §2 "≥ 3 complaints of the same type from different complainants": what "the same"
 * means for the cluster count — the same type and the same concrete subject, named by the first
 * identifier of `subjects` (policy data: `escalation.cluster.subjects`) that the complaint
 * carries. A complaint that names none (a service complaint without a staff id, say) belongs to
 * no cluster: sharing a type and a category is not sharing a subject. Values are compared
 * trimmed and case-insensitively.
 */
function clusterKey(facts, subjects = exports.DEFAULT_CLUSTER_SUBJECTS) {
    for (const field of subjects) {
        const value = facts.subject[field]?.trim().toLowerCase();
        // `sku` keeps the keys of the earlier rule for product SKUs.
        if (value)
            return `${facts.subject.type}:${field === 'productSku' ? 'sku' : field}:${value}`;
    }
    return undefined;
}
/**
 * DOMAIN §2 "the same problem complained about again after it was closed": one customer's
 * complaints about the same type and SKU, or, without a SKU, the same type and category. Looser
 * than `clusterKey`, since it only ever compares one customer's own complaints.
 */
function subjectKey(facts, category) {
    const sku = facts.subject.productSku?.trim().toLowerCase();
    return sku ? `${facts.subject.type}:sku:${sku}` : `${facts.subject.type}:category:${category}`;
}
//# sourceMappingURL=complaint-facts.js.map