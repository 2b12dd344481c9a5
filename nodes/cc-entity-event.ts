import { ENTITY_KINDS, canonicalEntityKind } from '../src/mitel/names';
import { setupTypedEventNode, type TypedEventDef } from './lib/typed-event-node';
import { splitList } from './lib/params';
import type { NodeAPI, RedNode } from './lib/red';

/** Configuration: Mitel entity snapshots and updates; OpenScape ADMINISTRATION events. */
export = function register(RED: NodeAPI): void {
  function CcEntityEvent(this: RedNode, config: TypedEventDef): void {
    RED.nodes.createNode(this, config);
    setupTypedEventNode(RED, this, config, {
      family: 'entity',
      subscriptions(protocol, cfg) {
        if (protocol === 'openscape') return [{ type: 'ADMINISTRATION', entities: [] }];
        const kinds = splitList(cfg.kinds)
          .map((k) => canonicalEntityKind(k) ?? k)
          .filter((k, i, all) => all.indexOf(k) === i);
        return [{ type: 'entity', entities: kinds.length ? kinds : [...ENTITY_KINDS] }];
      },
    });
  }
  RED.nodes.registerType('cc-entity-event', CcEntityEvent as unknown as (this: RedNode, config: never) => void);
};
