/**
 * The generated contact-center day: calls arrive at a call rate and follow realistic call flows
 * that between them produce every Call Activity event of the guide; agents take breaks, ask for
 * help, log out and in. The day opens with a "tour" that plays each call flow once, in order, so
 * that a client sees every event type early; then flows are drawn at random.
 *
 * Times below are simulated milliseconds; they are divided by `speed` for the real timers.
 */
import { CallFlows, type Flow } from './call-flows';
import type { AgentRuntime, ContactCenter } from './contact-center';
import { DayClock, SECOND } from './day-clock';
import { addDnis, announceAgentUpdate, announceCodes, announceGroupUpdate, deleteDnis } from './entity-changes';
import { AGENT_STATE, CAUSE } from './protocol-table';
import { agentNeedHelp } from './statistics';

export class MitelDay {
  private readonly clock: DayClock;
  private readonly flows: CallFlows;
  private tourIndex = 0;
  private agentTourIndex = 0;
  private changeIndex = 0;

  constructor(
    private readonly cc: ContactCenter,
    speed: number,
  ) {
    this.clock = new DayClock(speed, cc.rng);
    this.flows = new CallFlows(cc, this.clock);
  }

  start(): void {
    if (this.clock.running) return;
    this.clock.running = true;
    void this.callArrivals();
    void this.agentLife();
    void this.firstLogin();
    void this.intervals();
  }

  stop(): void {
    this.clock.stop();
  }

  private get running(): boolean {
    return this.clock.running;
  }

  private wait(simMs: number): Promise<void> {
    return this.clock.wait(simMs);
  }

  private between(minSeconds: number, maxSeconds: number): number {
    return this.clock.between(minSeconds, maxSeconds);
  }

  // ----- background processes -----

  private async callArrivals(): Promise<void> {
    const all = this.flows.all;
    await this.wait(SECOND);
    while (this.running) {
      const touring = this.tourIndex < all.length;
      const flow = touring ? all[this.tourIndex][1] : this.weightedFlow();
      this.flows.started = false;
      void flow();
      if (this.flows.started && touring) this.tourIndex++;
      // No free agent: the caller waits in queue and gives up.
      if (!this.flows.started && !touring) void this.flows.abandoned();
      // One flow at a time during the tour, so that each finds free agents; then the call rate.
      await this.wait(touring ? 20 * SECOND : this.between(4, 15));
    }
  }

  private weightedFlow(): Flow {
    const all = this.flows.all;
    const total = all.reduce((s, f) => s + f[2], 0);
    let r = this.cc.rng.next() * total;
    for (const [, flow, weight] of all) {
      r -= weight;
      if (r < 0) return flow;
    }
    return all[0][1];
  }

  private async agentLife(): Promise<void> {
    // Agent activity opens with each kind once, in order (like the call tour), then at random.
    const actions: Array<() => boolean> = [
      () => this.startBreak(),
      () => this.toggleHelp(),
      () => this.startLogoutAndBack(),
      // Each kind of configuration change once: agent, group, DNIS added (and later deleted), codes.
      () => this.directorChange(),
      () => this.directorChange(),
      () => this.directorChange(),
      () => this.directorChange(),
    ];
    while (this.running) {
      await this.wait(this.agentTourIndex < actions.length ? 10 * SECOND : this.between(10, 40));
      if (this.agentTourIndex < actions.length) {
        if (actions[this.agentTourIndex]()) this.agentTourIndex++;
        continue;
      }
      const roll = this.cc.rng.next();
      if (roll < 0.5) this.startBreak();
      else if (roll < 0.75) this.toggleHelp();
      else if (roll < 0.85) this.startLogoutAndBack();
      else if (roll < 0.9) this.directorChange();
    }
  }

  private startBreak(): boolean {
    const idle = this.cc.idleAgents();
    if (idle.length < 3) return false;
    void this.takeBreak(this.cc.rng.pick(idle));
    return true;
  }

  private startLogoutAndBack(): boolean {
    const idle = this.cc.idleAgents();
    if (idle.length < 3) return false;
    void this.logoutAndBack(this.cc.rng.pick(idle));
    return true;
  }

  /** Contact Center Director saves a change: the kinds of change take turns. */
  private directorChange(): boolean {
    const changes = [
      () => announceAgentUpdate(this.cc, this.cc.rng.pick([...this.cc.agents.values()])),
      () => announceGroupUpdate(this.cc, this.cc.rng.pick(this.cc.dir.groups)),
      () => void this.temporaryDnis(),
      () => announceCodes(this.cc, Math.floor(this.changeIndex / 4) % 2 === 0 ? 'release-code' : 'wrapup-code'),
    ];
    changes[this.changeIndex % changes.length]();
    this.changeIndex++;
    return true;
  }

  /** A campaign number added for a while, then deleted. */
  private async temporaryDnis(): Promise<void> {
    const dnis = addDnis(this.cc, `Kampagne Frühling ${this.changeIndex}`);
    await this.wait(this.between(60, 180));
    deleteDnis(this.cc, dnis);
  }

  private async firstLogin(): Promise<void> {
    // The agent who starts the day logged out logs in after a while.
    await this.wait(30 * SECOND);
    for (const a of this.cc.agents.values()) if (a.state === AGENT_STATE.loggedOut) this.cc.login(a);
  }

  private async takeBreak(a: AgentRuntime): Promise<void> {
    this.cc.release(a, this.cc.rng.pick(this.cc.dir.releaseCodes).id);
    await this.wait(this.between(20, 90));
    if (a.state === AGENT_STATE.release) this.cc.idle(a, CAUSE.resumed);
  }

  private async logoutAndBack(a: AgentRuntime): Promise<void> {
    this.cc.logout(a);
    await this.wait(this.between(30, 120));
    if (a.state === AGENT_STATE.loggedOut) this.cc.login(a);
  }

  /** An agent presses the help button (shown by agent-need-help), or one who asked is helped. */
  private toggleHelp(): boolean {
    const asking = [...this.cc.agents.values()].filter((a) => a.needHelpSince !== undefined);
    if (asking.length > 0 && this.cc.rng.chance(0.5)) {
      asking[0].needHelpSince = undefined;
    } else {
      const candidates = [...this.cc.agents.values()].filter((a) => a.state !== AGENT_STATE.loggedOut && !a.needHelpSince);
      if (candidates.length === 0) return false;
      this.cc.rng.pick(candidates).needHelpSince = new Date();
    }
    // "Agent Need Help: Received when a Contact Center agent asks for supervisor help": at once, not only each interval.
    this.cc.emit(agentNeedHelp(this.cc), { event: 'agent-need-help', subscription: 'agent-need-help', key: '*' });
    return true;
  }

  private async intervals(): Promise<void> {
    while (this.running) {
      await this.wait(15 * 60 * SECOND);
      this.cc.resetInterval();
    }
  }

}
