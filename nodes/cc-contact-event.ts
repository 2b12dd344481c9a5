import { idsOfKind, setupTypedEventNode, type TypedEventDef } from './lib/typed-event-node';
import type { NodeAPI, RedNode } from './lib/red';

/** Calls, chats, e-mails, callbacks: Mitel call activity; OpenScape TELEPHONY, ROUTING, CALLBACK, WEB_INTERACTION, OPENMEDIA. */
export = function register(RED: NodeAPI): void {
  function CcContactEvent(this: RedNode, config: TypedEventDef): void {
    RED.nodes.createNode(this, config);
    setupTypedEventNode(RED, this, config, {
      family: 'contact',
      subscriptions(protocol, _config, entities) {
        // The guide's subscribe table allows only ["*"] for call-activity.
        if (protocol === 'mitel') return [{ type: 'call-activity', entities: ['*'] }];
        const extensions = idsOfKind(entities, 'extension');
        const agents = idsOfKind(entities, 'agent');
        const some = (ids: string[]): string[] => (ids.length ? ids : ['*']);
        return [
          { type: 'TELEPHONY', entities: some(extensions) },
          { type: 'ROUTING', entities: [] },
          { type: 'CALLBACK', entities: some(agents) },
          { type: 'WEB_INTERACTION', entities: some(agents) },
          { type: 'OPENMEDIA', entities: some(agents) },
        ];
      },
    });
  }
  RED.nodes.registerType('cc-contact-event', CcContactEvent as unknown as (this: RedNode, config: never) => void);
};
