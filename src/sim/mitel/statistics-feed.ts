/** Every statistics message of one interval, each with its route (which subscription and id it needs). */
import type { ContactCenter } from './contact-center';
import { agentNeedHelp, agentQueueStats, dailyAgentStats, dnisStats, groupAgentStats, groupStats } from './statistics';
import type { EventRoute } from './subscriptions';

export interface RoutedMessage {
  message: Record<string, unknown>;
  route: EventRoute;
}

export function statisticsMessages(cc: ContactCenter): RoutedMessage[] {
  const out: RoutedMessage[] = [];
  const add = (event: string, key: string, message: Record<string, unknown>): void => {
    out.push({ message, route: { event, subscription: event, key } });
  };
  for (const g of cc.dir.groups) {
    add('group-stats', String(g.id), groupStats(cc, g, false));
    add('daily-group-stats', String(g.id), groupStats(cc, g, true));
    add('group-agent-stats', String(g.id), groupAgentStats(cc, g));
  }
  for (const a of cc.agents.values()) {
    const key = String(a.agent.id);
    add('agent-queue-stats', key, agentQueueStats(cc, a, false));
    add('email-agent-queue-stats', key, agentQueueStats(cc, a, true));
    add('daily-agent-stats', key, dailyAgentStats(cc, a));
  }
  for (const d of cc.dir.dnis) {
    add('dnis-stats', String(d.id), dnisStats(cc, d, false));
    add('daily-dnis-stats', String(d.id), dnisStats(cc, d, true));
  }
  add('agent-need-help', '*', agentNeedHelp(cc));
  return out;
}
