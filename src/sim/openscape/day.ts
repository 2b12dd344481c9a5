/**
 * A generated contact-center day: scripted scenarios played one step per tick (eventIntervalMs),
 * seeded so that the same seed plays the same day. One round of scenarios covers every event
 * type of the guide: routed, abandoned, timed-out, outbound, failed, consulted/transferred/
 * conferenced voice calls, callbacks, web chats, open media, agents' shifts, media servers
 * dropping and coming back, and configuration changes. Steps update the live state (calls, lines,
 * agents) as they go, so QueryCall / QueryLine / realtime statistics see the same day.
 * The first user (the one applications log on with) is left alone.
 */
import type { SimContext } from './context';
import { DayKit, type Step } from './day-kit';
import { callback, openMedia, webChat } from './day-media';
import { adminChanges, agentShift, morning, serverBlip } from './day-operations';
import { abandonedCall, consultedCall, failedCall, outboundCall, routedCall, timedOutCall } from './day-voice';
import type { SeededRandom } from './random';

export type { Step } from './day-kit';

const SCENARIOS: ReadonlyArray<(kit: DayKit) => Step[]> = [
  routedCall,
  abandonedCall,
  timedOutCall,
  outboundCall,
  failedCall,
  consultedCall,
  callback,
  webChat,
  openMedia,
  agentShift,
  serverBlip,
  adminChanges,
];

export class DayGenerator {
  private readonly kit: DayKit;
  private round: Array<() => Step[]> = [];
  private started = false;

  constructor(sim: SimContext, random: SeededRandom) {
    this.kit = new DayKit(sim, random);
  }

  /** The scenarios of one round. */
  scenarios(): Array<() => Step[]> {
    return SCENARIOS.map((scenario) => () => scenario(this.kit));
  }

  /** The steps of the next scenario (the first call logs the day's agents on). */
  next(): Step[] {
    if (!this.started) {
      this.started = true;
      return morning(this.kit);
    }
    if (this.round.length === 0) this.round = this.kit.random.shuffle(this.scenarios());
    const scenario = this.round.shift();
    return scenario ? scenario() : [];
  }
}
