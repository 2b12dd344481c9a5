import { MITEL_SEQUENCE_MAX } from './names';

/**
 * Follows the server's per-connection `sequence` (0..4294967295, then 0 again: the wrap is not a gap).
 * `check` returns the expected number when the received one is not it (a gap, a repeat or a jump
 * back), undefined when in order. Reset on every new connection.
 */
export class SequenceTracker {
  private expected: number | undefined;

  check(sequence: number): number | undefined {
    const expected = this.expected;
    this.expected = sequence >= MITEL_SEQUENCE_MAX ? 0 : sequence + 1;
    return expected !== undefined && sequence !== expected ? expected : undefined;
  }

  reset(): void {
    this.expected = undefined;
  }
}
