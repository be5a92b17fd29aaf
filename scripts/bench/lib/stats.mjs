// Small statistics helpers shared by the benchmark parts.

/** Percentiles (0–100) of a list of numbers, nearest-rank; NaN for an empty list. */
export function percentiles(values, ps = [50, 90, 99, 99.9]) {
  const sorted = Float64Array.from(values).sort();
  const out = {};
  for (const p of ps) {
    if (sorted.length === 0) {
      out[`p${p}`] = Number.NaN;
      continue;
    }
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    out[`p${p}`] = sorted[Math.min(rank, sorted.length) - 1];
  }
  return out;
}

/** count, mean, min, max and the usual percentiles of latencies in milliseconds. */
export function latencySummary(values) {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    count: values.length,
    mean: values.length ? sum / values.length : Number.NaN,
    min: values.length ? min : Number.NaN,
    max: values.length ? max : Number.NaN,
    ...percentiles(values),
  };
}

/** Rounds for reports: 2 decimals below 10, 1 below 100, integers above. */
export function round(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  if (abs < 10) return Math.round(value * 100) / 100;
  if (abs < 100) return Math.round(value * 10) / 10;
  return Math.round(value);
}

/** Rounds every number of a (JSON-like) value, for the result file. */
export function roundDeep(value) {
  if (typeof value === 'number') return round(value);
  if (Array.isArray(value)) return value.map(roundDeep);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v)]));
  }
  return value;
}
