"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.formatReport = formatReport;
exports.formatMisses = formatMisses;
exports.percent = percent;
const measure_1 = require("./measure");
/** The report as aligned text: figures overall, per language and per subject naming; F1 per category; confusions. */
function formatReport(title, report) {
    const lines = [title, ''];
    const header = [
        '',
        'n',
        'department',
        'type',
        'category',
        'macro-F1',
        'subcategory',
        'review',
        'dept. if decided',
    ];
    const rows = [header, figureRow('all', report.overall)];
    for (const [language, figures] of Object.entries(report.byLanguage)) {
        rows.push(figureRow(language, figures));
    }
    for (const [naming, figures] of Object.entries(report.bySubjectNaming)) {
        rows.push(figureRow(`type ${naming}`, figures));
    }
    lines.push(...table(rows), '');
    const r = report.reviews;
    lines.push(`reviews: ${r.total} (no evidence ${r.noEvidence}, low confidence ${r.lowConfidence}, tie ${r.tie}); ${r.rightDepartment} of them wait in the right department`, '');
    lines.push('F1 per category (support, precision, recall, F1):');
    lines.push(...table(report.categories.map((s) => [
        `  ${s.category}`,
        String(s.support),
        fixed(s.precision),
        fixed(s.recall),
        fixed(s.f1),
    ])), '');
    lines.push('departments, expected → decided:');
    for (const pair of report.departments) {
        lines.push(`  ${pair.expected === pair.decided ? ' ' : '✗'} ${pair.expected} → ${pair.decided}: ${pair.count}`);
    }
    lines.push('', 'most frequent wrong categories, expected → decided:');
    for (const pair of report.categoryConfusions) {
        lines.push(`  ${pair.expected} → ${pair.decided}: ${pair.count}`);
    }
    return lines.join('\n');
}
/** Each miss in full: for tuning only, never for the evaluation half. */
function formatMisses(outcomes) {
    return outcomes
        .map(({ item, decided, rulesFired, candidates }) => {
        const expected = `${(0, measure_1.categoryOf)(item.expected)}${item.expected.subcategory ? `.${item.expected.subcategory}` : ''} (${item.expected.department})`;
        const got = `${(0, measure_1.categoryOf)(decided)}${decided.subcategory ? `.${decided.subcategory}` : ''} (${decided.department})${decided.needsReview ? ' REVIEW' : ''} conf ${decided.confidence}`;
        const reasons = rulesFired
            .filter((r) => r.rule.startsWith('keyword:') || r.rule.startsWith('classification:'))
            .map((r) => `    ${r.rule}: ${r.reason}`);
        return [
            `${item.id} [${item.language}] given ${item.subject.type}: expected ${expected}, decided ${got}`,
            ...(item.title ? [`    title: ${item.title}`] : []),
            `    text: ${item.description}`,
            ...reasons,
            ...(candidates.length > 0
                ? [
                    `    candidates: ${candidates.map((c) => `${c.type}.${c.category}${c.subcategory ? `.${c.subcategory}` : ''} ${c.score}`).join(', ')}`,
                ]
                : []),
        ].join('\n');
    })
        .join('\n');
}
function figureRow(label, f) {
    return [
        label,
        String(f.complaints),
        percent(f.departmentAccuracy),
        percent(f.typeAccuracy),
        percent(f.categoryAccuracy),
        fixed(f.categoryMacroF1),
        f.subcategoryAccuracy === null ? '—' : percent(f.subcategoryAccuracy),
        percent(f.reviewRate),
        f.decidedDepartmentAccuracy === null ? '—' : percent(f.decidedDepartmentAccuracy),
    ];
}
function table(rows) {
    const widths = [];
    for (const row of rows)
        row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
    return rows.map((row) => row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd());
}
function percent(value) {
    return `${(value * 100).toFixed(1)} %`;
}
function fixed(value) {
    return value.toFixed(3);
}
//# sourceMappingURL=format.js.map