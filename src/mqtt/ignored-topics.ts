/**
 * Messages under the package's prefix that are not its envelope (someone else's publisher, a
 * retained leftover of an older version) are ignored, with one warning per topic: a bounded set of
 * topics already reported, so that a flood of foreign messages costs one warning each, not a log
 * line per message and not unbounded memory.
 */
const MAX_REMEMBERED = 1000;

export class IgnoredTopics {
  private readonly seen = new Set<string>();

  /** True the first time a topic is reported (the caller warns then). */
  firstTime(topic: string): boolean {
    if (this.seen.has(topic)) return false;
    if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
    this.seen.add(topic);
    return true;
  }
}
