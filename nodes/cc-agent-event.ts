import { idsOfKind, setupTypedEventNode, type TypedEventDef } from './lib/typed-event-node';
import type { NodeAPI, RedNode } from './lib/red';

/** Agent state: Mitel agent activity (and need-help); OpenScape PRESENCE events. */
export = function register(RED: NodeAPI): void {
  function CcAgentEvent(this: RedNode, config: TypedEventDef): void {
    RED.nodes.createNode(this, config);
    setupTypedEventNode(RED, this, config, {
      family: 'agent',
      subscriptions(protocol, _config, entities) {
        const agents = idsOfKind(entities, 'agent');
        const ids = agents.length ? agents : ['*'];
        if (protocol === 'mitel') {
          return [
            { type: 'agent-activity', entities: ids },
            // The guide allows only ["*"] here.
            { type: 'agent-need-help', entities: ['*'] },
          ];
        }
        return [{ type: 'PRESENCE', entities: ids }];
      },
    });
  }
  RED.nodes.registerType('cc-agent-event', CcAgentEvent as unknown as (this: RedNode, config: never) => void);
};
