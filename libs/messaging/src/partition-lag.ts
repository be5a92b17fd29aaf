/** How far one partition is from its end. */
export interface PartitionLag {
  /** The contract's topic name. */
  topic: string;
  partition: number;
  /** The next offset to process here, a decimal string. */
  nextOffset: string;
  /** The partition's end (the offset the next record written gets). */
  highWatermark: string;
  /** `highWatermark − nextOffset`, never below 0. */
  lag: number;
}

/** `topic/partition`: a map key. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

export function lagOf(highWatermark: bigint, nextOffset: bigint): number {
  return highWatermark > nextOffset ? Number(highWatermark - nextOffset) : 0;
}

/**
 * The partitions, among `targets` (each with the end it had when the wait began), whose next
 * offset has not reached that end yet. A partition whose next offset is not known counts as
 * behind unless its end was 0 (an empty partition is caught up whatever its position).
 */
export function partitionsBehind(
  targets: ReadonlyMap<string, bigint>,
  nextOffsets: ReadonlyMap<string, bigint>,
): string[] {
  const behind: string[] = [];
  for (const [key, end] of targets) {
    const next = nextOffsets.get(key);
    if (end > 0n && (next === undefined || next < end)) behind.push(key);
  }
  return behind;
}

/** A replay's progress: records read out of those between its start and end offsets. */
export interface ReplayProgress {
  read: number;
  total: number;
  /** `read / total`, 1 for a replay with nothing to read. */
  fraction: number;
}

/**
 * Progress over ranges `[start, end)`: what lies between a range's start and its next offset
 * (capped at its end) counts as read.
 */
export function replayProgress(
  ranges: Iterable<{ start: bigint; end: bigint; next: bigint }>,
): ReplayProgress {
  let read = 0n;
  let total = 0n;
  for (const { start, end, next } of ranges) {
    if (end <= start) continue;
    total += end - start;
    const reached = next < start ? start : next > end ? end : next;
    read += reached - start;
  }
  const fraction = total === 0n ? 1 : Number(read) / Number(total);
  return { read: Number(read), total: Number(total), fraction };
}
