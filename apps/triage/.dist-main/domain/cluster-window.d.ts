/** A complaint of the same cluster (same type and subject, `clusterKey`): who, and when. */
export interface ClusterMember {
    customerRef: string;
    registeredAt: Date;
}
/** The busiest stretch of a cluster around one complaint. */
export interface ClusterWindow {
    /** Distinct complainants inside the window, this complaint's included (at least 1). */
    count: number;
    /** The window, `[from, until)`, `windowDays` long; it contains this complaint. */
    from: Date;
    until: Date;
}
/**
 * DOMAIN §2 "≥ 3 complaints of the same type from different complainants within one month":
 * the most distinct complainants found together in any window of `windowDays` that contains
 * this complaint. Every window is tried, not only the one that ends at this complaint, so the
 * answer does not depend on the order in which complaints are decided: whichever member of a
 * cluster is decided last sees the others, even one registered before them.
 *
 * `others` may hold complaints from anywhere in time; those that cannot share a window with
 * this one are left out.
 */
export declare function clusterWindow(self: ClusterMember, others: readonly ClusterMember[], windowDays: number): ClusterWindow;
