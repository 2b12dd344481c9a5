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
import { customerName, type SimUser } from './directory';
import { chatContent, handlingState, INTERNAL_REDIRECT, isoSeconds, mediaData, NO_PARTY, party, servicesEnabled, telephonyData } from './events';
import { handlingStateData, routingStateData, setRouting } from './commands-presence-routing';
import { deliveredCallbackData } from './commands-callback';
import { deliveredChatData } from './commands-webcollaboration';
import { legOf } from './commands-telephony';
import type { Realm } from './names';
import type { SeededRandom } from './random';
import type { AgentState, CallRecord, CallbackRecord, OpenMediaRecord, WebChatRecord } from './state';

export type Step = () => void;

const SERVER_NAMES: Record<string, string> = {
  ADMINISTRATION: 'localhost',
  PRESENCE: 'localhost',
  ROUTING: ' 6002@10.80.2.206',
  TELEPHONY: '6001:10.81.3.116',
  CALLBACK: '6007:10.81.3.116',
  WEB_INTERACTION: '6020:10.81.3.116',
  OPENMEDIA: '6007:10.81.3.116',
};

export class DayGenerator {
  private round: Array<() => Step[]> = [];
  private started = false;

  constructor(
    private readonly sim: SimContext,
    private readonly random: SeededRandom,
  ) {}

  /** The scenarios of one round, in the order the seed gives them. */
  scenarios(): Array<() => Step[]> {
    return [
      () => this.routedCall(),
      () => this.abandonedCall(),
      () => this.timedOutCall(),
      () => this.outboundCall(),
      () => this.failedCall(),
      () => this.consultedCall(),
      () => this.callback(),
      () => this.webChat(),
      () => this.openMedia(),
      () => this.agentShift(),
      () => this.serverBlip(),
      () => this.adminChanges(),
    ];
  }

  /** The steps of the next scenario (the first call logs the day's agents on). */
  next(): Step[] {
    if (!this.started) {
      this.started = true;
      return this.morning();
    }
    if (this.round.length === 0) this.round = this.random.shuffle(this.scenarios());
    const scenario = this.round.shift();
    return scenario ? scenario() : [];
  }

  // ---- helpers ----

  private workers(): SimUser[] {
    return this.sim.directory.users.slice(1);
  }

  private agentOf(user: SimUser): AgentState {
    const agent = this.sim.state.agent(user.agentKey);
    if (!agent) throw new Error(`no agent state for ${user.agentKey}`);
    return agent;
  }

  /** An agent logged on to `media`, preferring available ones; logs one on if nobody is. */
  private pickAgent(media = 'VOICE'): SimUser {
    const onMedia = this.workers().filter((user) => this.agentOf(user).loggedOnMedia.has(media));
    const available = onMedia.filter((user) => this.agentOf(user).routingState === 'AVAILABLE');
    const pool = available.length > 0 ? available : onMedia.length > 0 ? onMedia : this.workers();
    const user = this.random.pick(pool);
    const agent = this.agentOf(user);
    if (!agent.loggedOnMedia.has(media)) {
      agent.loggedOnMedia.add(media);
      agent.extension ??= user.extension;
    }
    return user;
  }

  private emit(realm: Realm, type: string, data: unknown): void {
    this.sim.emit(realm, type, data);
  }

  private tel(type: string, resource: string, call: CallRecord, lcsType: string, cause: string, extra: Record<string, unknown>): Step {
    return () => this.emit('TELEPHONY', type, telephonyData(resource, legOf(call), lcsType, cause, extra));
  }

  private handling(user: SimUser, call: CallRecord, state: string | undefined, mediaType = 'VOICE'): Step {
    return () => {
      const agent = this.agentOf(user);
      if (state === undefined) agent.handling.delete(call.uniqueCallId);
      else agent.handling.set(call.uniqueCallId, handlingState(call.uniqueCallId, state, mediaType));
      this.emit('PRESENCE', 'USER_HANDLING_STATE', handlingStateData(this.sim, agent));
    };
  }

  private routing(user: SimUser, state: string, reasonKey = 0): Step {
    return () => setRouting(this.sim, this.agentOf(user), state, reasonKey);
  }

  private newRoutedCall(mediaType = 'VOICE'): CallRecord {
    const queue = this.random.pick(this.sim.directory.queues.filter((item) => item.mediaType === 'VOICE'));
    return this.sim.state.newCall({
      uniqueCallId: this.sim.state.newCallId('voice'),
      mediaType,
      description: this.random.pick(['General Call', 'Appel vente', 'Störungsmeldung', 'Consulta técnica']),
      contactData: [
        { key: 'customer', value: customerName(this.random) },
        { key: '__HPPC_SuppInfoAddress', value: 'http://localhost:8080' },
      ],
      queueKey: queue.key,
      priority: this.random.pick([10, 20, 30]),
      contactType: 'ROUTED_VOICE',
      callType: 'EXT2ACD',
      callState: 'QUEUED',
      routingState: 'QUEUED',
      from: this.random.pick(this.sim.directory.customerNumbers),
      to: this.sim.directory.queueNumbers.get(queue.key) ?? '',
    });
  }

  private enqueueSteps(call: CallRecord): Step[] {
    const queueParty = party(0, call.to, 'QUEUE');
    return [
      () => this.emit('ROUTING', 'ENQUEUE_CALL_EVENT', { uniqueCallId: call.uniqueCallId, description: call.description, priority: call.priority, queueKey: call.queueKey, mediaType: call.mediaType }),
      () =>
        this.emit('ROUTING', 'ROUTING_INFORMATION_UPDATED_EVENT', {
          uniqueCallId: call.uniqueCallId,
          contactData: call.contactData,
          description: call.description,
          priority: call.priority,
          queueKey: call.queueKey,
          mediaType: call.mediaType,
        }),
      this.tel('QUEUED_EVENT', call.to, call, 'QUEUED', 'NEW_CALL', { fromParty: NO_PARTY, toParty: NO_PARTY, queuedParty: queueParty }),
    ];
  }

  private deliverSteps(call: CallRecord, user: SimUser): Step[] {
    const extension = this.agentOf(user).extension ?? user.extension;
    return [
      () => {
        call.assignAgentKey = user.agentKey;
        call.routingState = 'PENDING';
        this.emit('ROUTING', 'ASSIGN_CALL_EVENT', { agentExtension: extension, agentKey: user.agentKey, uniqueCallId: call.uniqueCallId, mediaType: call.mediaType });
      },
      () => {
        this.sim.state.setLine(extension, 'RINGING', call.uniqueCallId);
        this.emit(
          'TELEPHONY',
          'DELIVERED_EVENT',
          telephonyData(extension, legOf(call), 'ALERTING', 'DISTRIBUTED', {
            deliveredToParty: party(user.agentKey, extension, 'AGENT'),
            fromParty: party(0, call.from, 'EXTERNAL'),
            toParty: party(0, call.to, 'QUEUE'),
            heldParty: { agentKey: 0, device: '', type: 'UNKNOWN' },
            redirectParty: INTERNAL_REDIRECT,
            reason: 'INITIAL_ARRIVAL',
          }),
        );
        this.emit('TELEPHONY', 'SERVICE_ENABLED_EVENT', servicesEnabled(extension, call.uniqueCallId, 'RINGING'));
      },
      this.handling(user, call, 'RINGING'),
    ];
  }

  private connectSteps(call: CallRecord, user: SimUser): Step[] {
    const extension = this.agentOf(user).extension ?? user.extension;
    return [
      () => {
        call.routingState = 'ANSWERED';
        this.emit('ROUTING', 'DEQUEUE_CALL_EVENT', { uniqueCallId: call.uniqueCallId, description: call.description, priority: call.priority, queueKey: call.queueKey, dequeueReason: 'CALLANSWERED', mediaType: call.mediaType });
      },
      () => {
        call.callState = 'CONNECTED';
        this.sim.state.setLine(extension, 'CONNECTED');
        this.emit('TELEPHONY', 'ESTABLISHED_EVENT', telephonyData(extension, legOf(call), 'CONNECTED', 'NORMAL', { fromParty: party(0, call.from, 'EXTERNAL'), toParty: party(user.agentKey, extension, 'AGENT'), redirectParty: INTERNAL_REDIRECT }));
        this.emit('TELEPHONY', 'SERVICE_ENABLED_EVENT', servicesEnabled(extension, call.uniqueCallId, 'CONNECTED'));
      },
      this.handling(user, call, 'CONNECTED'),
    ];
  }

  private hangUpSteps(call: CallRecord, user: SimUser, wrapUp: boolean): Step[] {
    const extension = this.agentOf(user).extension ?? user.extension;
    const steps: Step[] = [
      () => {
        call.callState = 'FINISHED';
        this.sim.state.setLine(extension, 'IDLE', '');
        this.emit('TELEPHONY', 'DISCONNECTED_EVENT', telephonyData(extension, legOf(call), 'NULL', 'NORMAL_CLEARING', { disconnectedParty: party(0, call.from, 'EXTERNAL'), reason: 'UNDEFINED' }));
      },
    ];
    if (!wrapUp) return [...steps, this.handling(user, call, undefined)];
    const postProcessing = this.sim.directory.postProcessingReasons[0]?.reasonKey ?? 0;
    return [
      ...steps,
      () => {
        const agent = this.agentOf(user);
        agent.handling.set(call.uniqueCallId, handlingState(call.uniqueCallId, 'POSTPROCESSING', 'VOICE', postProcessing));
        this.emit('PRESENCE', 'USER_HANDLING_STATE', handlingStateData(this.sim, agent));
      },
      this.routing(user, 'WORK', this.sim.directory.workReasons[0]?.reasonKey ?? 0),
      this.handling(user, call, undefined),
      this.routing(user, 'AVAILABLE'),
    ];
  }

  // ---- scenarios ----

  private morning(): Step[] {
    const steps: Step[] = [];
    for (const user of this.workers()) {
      if (!this.random.chance(0.7)) continue;
      steps.push(() => {
        const agent = this.agentOf(user);
        agent.extension = user.extension;
        for (const media of user.mediaTypes.filter((item) => item !== 'EMAIL')) {
          agent.loggedOnMedia.add(media);
          this.emit('PRESENCE', 'USER_MEDIA_STATE', { agentId: user.agentId, agentKey: user.agentKey, extension: user.extension, mediaType: media, mediaState: 'LOGON', connectorKey: media === 'OPENMEDIA' ? 1 : 0 });
        }
        if (agent.loggedOnMedia.has('OPENMEDIA')) agent.openMediaConnectors.add(1);
        setRouting(this.sim, agent, 'AVAILABLE', 0);
      });
    }
    return steps;
  }

  private routedCall(): Step[] {
    const call = this.newRoutedCall();
    const user = this.pickAgent();
    const extension = this.agentOf(user).extension ?? user.extension;
    const caller = party(0, call.from, 'EXTERNAL');
    const me = party(user.agentKey, extension, 'AGENT');
    return [
      ...this.enqueueSteps(call),
      ...this.deliverSteps(call, user),
      ...this.connectSteps(call, user),
      this.tel('HELD_EVENT', extension, call, 'HOLD', 'CSTA_SOFT_HOLD', { heldParty: caller, holdingParty: me }),
      this.handling(user, call, 'ONHOLD'),
      this.tel('RETRIEVED_EVENT', extension, call, 'CONNECTED', 'NORMAL', { heldParty: caller, retrievingParty: me }),
      this.handling(user, call, 'CONNECTED'),
      ...this.hangUpSteps(call, user, true),
    ];
  }

  private abandonedCall(): Step[] {
    const call = this.newRoutedCall();
    const user = this.pickAgent();
    const extension = this.agentOf(user).extension ?? user.extension;
    return [
      ...this.enqueueSteps(call),
      ...this.deliverSteps(call, user),
      () => {
        call.routingState = 'ABANDONED';
        call.callState = 'FINISHED';
        this.sim.state.setLine(extension, 'IDLE', '');
        this.emit('ROUTING', 'UNASSIGN_CALL_EVENT', { agentKey: user.agentKey, uniqueCallId: call.uniqueCallId, mediaType: 'VOICE' });
      },
      () => this.emit('ROUTING', 'DEQUEUE_CALL_EVENT', { uniqueCallId: call.uniqueCallId, description: call.description, priority: call.priority, queueKey: call.queueKey, dequeueReason: 'CALLABANDONED', mediaType: 'VOICE' }),
      this.tel('DISCONNECTED_EVENT', extension, call, 'NULL', 'CALL_CANCELLED', { disconnectedParty: party(0, call.from, 'EXTERNAL'), reason: 'UNDEFINED' }),
      this.handling(user, call, undefined),
    ];
  }

  private timedOutCall(): Step[] {
    const call = this.newRoutedCall();
    const timeoutExtension = '5541810999';
    return [
      ...this.enqueueSteps(call),
      () => {
        call.routingState = 'TIMEDOUT';
        this.emit('ROUTING', 'TIMEOUT_CALL_EVENT', { uniqueCallId: call.uniqueCallId, telephoneNumber: timeoutExtension, mediaType: 'VOICE' });
      },
      this.tel('DIVERTED_EVENT', call.to, call, 'NULL', 'REDIRECTED', {
        divertedParty: party(0, call.from, 'EXTERNAL'),
        divertingParty: party(0, call.to, 'RCG'),
        destinationParty: party(0, timeoutExtension, 'INTERNAL'),
      }),
      () => {
        call.callState = 'FINISHED';
      },
    ];
  }

  private outboundCall(): Step[] {
    const user = this.pickAgent();
    const extension = this.agentOf(user).extension ?? user.extension;
    const number = this.random.pick(this.sim.directory.customerNumbers);
    const call = this.sim.state.newCall({ uniqueCallId: this.sim.state.newCallId('voice'), from: extension, to: number, contactType: 'DIRECT_OUTGOING_VOICE', callType: 'INT2EXT', callState: 'CALLING' });
    const me = party(user.agentKey, extension, 'AGENT');
    const them = party(0, number, 'EXTERNAL');
    return [
      () => this.sim.state.setLine(extension, 'DIALING', call.uniqueCallId),
      this.tel('SERVICE_INITIATED_EVENT', extension, call, 'INITIATE', 'MAKE_CALL', { consult: false, initiatedParty: me }),
      this.tel('ORIGINATED_EVENT', extension, call, 'CONNECTED', 'MAKE_CALL', { referenceCallId: '', fromParty: me, toParty: them }),
      this.tel('NETWORKREACHED_EVENT', extension, call, 'CONNECTED', 'NETWORK_SIGNAL', { fromParty: me, toParty: them }),
      () => {
        call.callState = 'CONNECTED';
        this.sim.state.setLine(extension, 'CONNECTED');
        this.emit('TELEPHONY', 'ESTABLISHED_EVENT', telephonyData(extension, legOf(call), 'CONNECTED', 'NORMAL', { fromParty: me, toParty: them, redirectParty: INTERNAL_REDIRECT }));
      },
      () => {
        call.callState = 'FINISHED';
        this.sim.state.setLine(extension, 'IDLE', '');
        this.emit('TELEPHONY', 'DISCONNECTED_EVENT', telephonyData(extension, legOf(call), 'NULL', 'NORMAL_CLEARING', { disconnectedParty: them, reason: 'UNDEFINED' }));
      },
    ];
  }

  private failedCall(): Step[] {
    const user = this.pickAgent();
    const extension = this.agentOf(user).extension ?? user.extension;
    const colleague = this.random.pick(this.workers().filter((item) => item !== user));
    const call = this.sim.state.newCall({ uniqueCallId: this.sim.state.newCallId('voice'), from: extension, to: colleague.extension, contactType: 'DIRECT_INTERNAL_VOICE', callType: 'INT2INT', callState: 'CALLING' });
    const me = party(user.agentKey, extension, 'AGENT');
    const them = party(colleague.agentKey, colleague.extension, 'AGENT');
    return [
      this.tel('SERVICE_INITIATED_EVENT', extension, call, 'INITIATE', 'MAKE_CALL', { consult: false, initiatedParty: me }),
      this.tel('ORIGINATED_EVENT', extension, call, 'CONNECTED', 'MAKE_CALL', { referenceCallId: '', fromParty: me, toParty: them }),
      () => {
        call.callState = 'FINISHED';
        this.emit('TELEPHONY', 'FAILED_EVENT', telephonyData(extension, legOf(call), 'FAIL', 'BUSY', { fromParty: me, toParty: them, failedParty: them }));
      },
    ];
  }

  private consultedCall(): Step[] {
    const call = this.newRoutedCall();
    const user = this.pickAgent();
    const extension = this.agentOf(user).extension ?? user.extension;
    const expert = this.random.pick(this.workers().filter((item) => item !== user));
    const consultation = this.sim.state.newCall({ uniqueCallId: this.sim.state.newCallId('voice'), from: extension, to: expert.extension, contactType: 'DIRECT_INTERNAL_VOICE', callType: 'INT2INT', callState: 'CALLING' });
    const caller = party(0, call.from, 'EXTERNAL');
    const me = party(user.agentKey, extension, 'AGENT');
    const them = party(expert.agentKey, expert.extension, 'AGENT');
    const conference = this.random.chance(0.5);
    const finish: Step[] = conference
      ? [
          this.tel('CONFERENCED_EVENT', extension, call, 'CONNECTED', 'CONFERENCE', { invitedParty: them, invitingParty: me, conferenceParties: [caller, them, me] }),
          this.tel('TRANSFERRED_EVENT', extension, call, 'NULL', 'TRANSFER', { fromParty: me, toParty: them, transferredParty: caller, redirectParty: INTERNAL_REDIRECT }),
        ]
      : [
          this.tel('TRANSFERRED_EVENT', extension, call, 'NULL', 'TRANSFER', { fromParty: me, toParty: them, transferredParty: caller, redirectParty: INTERNAL_REDIRECT }),
          this.tel('CONFERENCED_EVENT', expert.extension, call, 'CONNECTED', 'CONFERENCE', { invitedParty: me, invitingParty: them, conferenceParties: [caller, them, me] }),
        ];
    return [
      ...this.enqueueSteps(call),
      ...this.deliverSteps(call, user),
      ...this.connectSteps(call, user),
      this.tel('HELD_EVENT', extension, call, 'HOLD', 'CONSULTATION', { heldParty: caller, holdingParty: me }),
      this.tel('SERVICE_INITIATED_EVENT', extension, consultation, 'INITIATE', 'CONSULTATION', { consult: true, initiatedParty: me }),
      this.tel('ORIGINATED_EVENT', extension, consultation, 'CONNECTED', 'CONSULTATION', { referenceCallId: call.uniqueCallId, fromParty: me, toParty: them }),
      this.tel('DELIVERED_EVENT', expert.extension, consultation, 'ALERTING', 'CONSULTATION', { deliveredToParty: them, fromParty: me, toParty: them, heldParty: caller, redirectParty: INTERNAL_REDIRECT, reason: 'NORMAL' }),
      this.tel('ESTABLISHED_EVENT', expert.extension, consultation, 'CONNECTED', 'NORMAL', { fromParty: me, toParty: them, redirectParty: INTERNAL_REDIRECT }),
      ...finish,
      () => {
        call.callState = 'FINISHED';
        consultation.callState = 'FINISHED';
        this.sim.state.setLine(extension, 'IDLE', '');
      },
      this.handling(user, call, undefined),
    ];
  }

  private callback(): Step[] {
    const user = this.pickAgent('CALLBACK');
    const queue = this.sim.directory.queues.find((item) => item.mediaType === 'CALLBACK') ?? this.sim.directory.queues[0];
    const now = new Date();
    const callback: CallbackRecord = {
      uniqueCallId: this.sim.state.newCallId('callback'),
      agentKey: user.agentKey,
      name: customerName(this.random),
      queueKey: queue.key,
      description: this.random.pick(['Rappel après 14h', 'Rückruf wegen Rechnung', 'Devolver llamada']),
      priority: 20,
      reserveAgentKey: 0,
      schedule: [{ startTime: isoSeconds(now), endTime: isoSeconds(new Date(now.getTime() + 3 * 3600_000)), phoneNumber: this.random.pick(this.sim.directory.customerNumbers) }],
      contactData: [{ key: 'langue', value: 'français' }],
      status: 'CALLBACKSTATUS_OFFERED',
      origin: 'ORIGIN_WEBCOLLABORATION',
      attemptCount: 0,
      createdAt: now,
    };
    const second = { ...callback, uniqueCallId: this.sim.state.newCallId('callback'), name: customerName(this.random) };
    const deleteReason = this.sim.directory.callbackDeleteReasons[0]?.reasonKey ?? 0;
    return [
      () => {
        // Callbacks that keep retrying stay for QueryNewCallbacks; keep only the latest ones.
        if (this.sim.state.callbacks.size > 100) this.sim.state.callbacks.delete(this.sim.state.callbacks.keys().next().value as string);
        this.sim.state.callbacks.set(callback.uniqueCallId, callback);
        this.emit('CALLBACK', 'DELIVERED_CALLBACK_EVENT', deliveredCallbackData(callback, user.agentKey));
      },
      () => {
        callback.attemptCount++;
        callback.status = 'CALLBACKSTATUS_RETRY';
        callback.agentKey = 0;
        this.emit('CALLBACK', 'MAKECALLFAILED_CALLBACK_EVENT', mediaData('CALLBACK', user.agentKey, callback.uniqueCallId, callback.attemptCount));
      },
      () => {
        this.sim.state.callbacks.set(second.uniqueCallId, second);
        this.emit('CALLBACK', 'DELIVERED_CALLBACK_EVENT', deliveredCallbackData(second, user.agentKey));
      },
      () => {
        this.sim.state.callbacks.delete(second.uniqueCallId);
        this.emit('CALLBACK', 'DIVERTED_CALLBACK_EVENT', mediaData('CALLBACK', user.agentKey, second.uniqueCallId, 1, { reasonKey: deleteReason }));
      },
    ];
  }

  private webChat(): Step[] {
    const user = this.pickAgent('WEB_COLLABORATION');
    const others = this.workers().filter((item) => item !== user);
    const helper = this.random.pick(others);
    const refuser = this.random.pick(others.filter((item) => item !== helper).length > 0 ? others.filter((item) => item !== helper) : others);
    const queue = this.sim.directory.queues.find((item) => item.mediaType === 'WEB_COLLABORATION') ?? this.sim.directory.queues[0];
    const chat: WebChatRecord = { uniqueCallId: this.sim.state.newCallId('web'), agentKey: user.agentKey, agents: new Set(), queueKey: queue.key, requeueCount: 0 };
    const customer = customerName(this.random);
    const web = (agentKey: number, extra: Record<string, unknown> = {}) => mediaData('WEB_COLLABORATION', agentKey, chat.uniqueCallId, chat.requeueCount, extra);
    return [
      () => {
        this.sim.state.webChats.set(chat.uniqueCallId, chat);
        this.emit('WEB_INTERACTION', 'DELIVERED_WEB_CHAT_EVENT', deliveredChatData(chat, user.agentKey, 'NORMAL_ASSIGNMENT', 0, customer, 'Bonjour, ma commande n’est pas arrivée 📦'));
      },
      () => {
        chat.agents.add(user.agentKey);
        this.emit('WEB_INTERACTION', 'ESTABLISHED_WEB_CHAT_EVENT', web(user.agentKey));
      },
      () => this.emit('WEB_INTERACTION', 'CONTENT_WEB_CHAT_EVENT', web(user.agentKey, { chatContent: [chatContent('CUSTOMER', customer, 'Können Sie mich zurückrufen? ¿Es posible?', new Date())] })),
      () => this.emit('WEB_INTERACTION', 'CALL_ME_ANSWER_WEB_CHAT_EVENT', web(user.agentKey, { phoneNumber: '+55 (41) 80911597' })),
      () => this.emit('WEB_INTERACTION', 'DELIVERED_WEB_CHAT_EVENT', deliveredChatData(chat, refuser.agentKey, 'CONFERENCE', user.agentKey, customer, '…')),
      () => this.emit('WEB_INTERACTION', 'DIVERTED_WEB_CHAT_EVENT', web(user.agentKey, { refusingAgentKey: refuser.agentKey, divertReason: 'INVITATION_REJECTED' })),
      () => this.emit('WEB_INTERACTION', 'DELIVERED_WEB_CHAT_EVENT', deliveredChatData(chat, helper.agentKey, 'CONFERENCE', user.agentKey, customer, '…')),
      () => {
        chat.agents.add(helper.agentKey);
        this.emit('WEB_INTERACTION', 'ESTABLISHED_WEB_CHAT_EVENT', web(helper.agentKey));
        this.emit('WEB_INTERACTION', 'CONFERENCED_WEB_CHAT_EVENT', web(user.agentKey, { joinedAgentKey: helper.agentKey, numberOfAgents: chat.agents.size }));
      },
      () => {
        chat.agents.delete(helper.agentKey);
        this.emit('WEB_INTERACTION', 'DISCONNECTED_WEB_CHAT_EVENT', web(helper.agentKey, { disconnectedAgentKey: helper.agentKey, disconnectReason: 'NORMAL_DISCONNECT' }));
      },
      () => {
        this.sim.state.webChats.delete(chat.uniqueCallId);
        this.emit('WEB_INTERACTION', 'DISCONNECTED_WEB_CHAT_EVENT', web(user.agentKey, { disconnectedAgentKey: 0, disconnectReason: 'NORMAL_DISCONNECT' }));
      },
    ];
  }

  private openMedia(): Step[] {
    const user = this.pickAgent('OPENMEDIA');
    const second = this.random.pick(this.workers().filter((item) => item !== user));
    const connector = this.random.pick(this.sim.directory.connectors);
    const queue = this.sim.directory.queues.find((item) => item.mediaType === 'OPENMEDIA') ?? this.sim.directory.queues[0];
    const customer = customerName(this.random);
    const message: OpenMediaRecord = {
      uniqueCallId: this.sim.state.newCallId('openmedia'),
      agentKey: user.agentKey,
      queueKey: queue.key,
      connectorKey: connector.connectorKey,
      connectorName: connector.connectorName,
      arrivalTime: new Date(),
      from: customer,
      to: queue.name,
      requeueCount: 0,
      draftMessage: '',
    };
    const om = (extra: Record<string, unknown> = {}) => mediaData('OPENMEDIA', message.agentKey, message.uniqueCallId, message.requeueCount, extra);
    const content = (text: string, commiter: string) => ({ id: `${message.uniqueCallId}_${this.random.int(100, 999)}`, sourceName: commiter === 'CUSTOMER' ? customer : user.firstName, time: isoSeconds(new Date()), content: text, commiter, title: 'Réclamation', destinationName: queue.name, attachments: [] });
    return [
      () => {
        this.sim.state.openMedia.set(message.uniqueCallId, message);
        this.emit('OPENMEDIA', 'DELIVERED_OPENMEDIA_EVENT', om({
          conversationId: `OAF${message.uniqueCallId.slice(-8)}`,
          interactionId: `OAF${message.uniqueCallId.slice(-8)}`,
          connectorKey: connector.connectorKey,
          connectorName: connector.connectorName,
          realTime: false,
          draftMessage: '',
          autoSuggestMessage: 'Merci pour votre message !',
          contactData: [{ key: 'canal', value: 'réseau social' }],
          // The delivered example spells "committer", the content-added example "commiter".
          openMediaContent: (({ commiter, ...rest }) => ({ ...rest, committer: commiter, attachments: [{ type: 'image/jpg', content: 'jpg image', url: 'http://example.invalid/colis.jpg' }] }))(content('Mon colis est arrivé abîmé 😞', 'CUSTOMER')),
        }));
      },
      () => this.emit('OPENMEDIA', 'ESTABLISHED_OPENMEDIA_EVENT', om()),
      () => this.emit('OPENMEDIA', 'CONTENT_ADDED_OPENMEDIA_EVENT', om({ openMediaContent: content('Voici la photo / Hier ist das Foto', 'CUSTOMER') })),
      () => {
        message.deferTime = new Date();
        this.emit('OPENMEDIA', 'DEFERRED_OPENMEDIA_EVENT', om({ deferReason: 'AGENTDEFER' }));
      },
      () => {
        message.deferTime = undefined;
        this.emit('OPENMEDIA', 'RESUMED_OPENMEDIA_EVENT', om({ deferReason: 'DEFERRESUMED', draftMessage: 'Nous sommes désolés…' }));
      },
      () => this.emit('OPENMEDIA', 'STREAM_RESPONSE_OPENMEDIA_EVENT', { connectorKey: connector.connectorKey, stream: [{ id: `${message.uniqueCallId}_1`, sourceName: customer, time: isoSeconds(message.arrivalTime), content: 'Mon colis est arrivé abîmé 😞', commiter: 'CUSTOMER' }] }),
      () => {
        this.emit('OPENMEDIA', 'TRANSFERRED_OPENMEDIA_EVENT', om({ toAgentKey: second.agentKey, transferReason: 'NORMAL', transferTarget: 'RESERVEFORAGENT' }));
        message.requeueCount++;
        message.agentKey = second.agentKey;
      },
      () => this.emit('OPENMEDIA', 'DIVERTED_OPENMEDIA_EVENT', om({ divertReason: 'RNA' })),
      () => {
        message.agentKey = user.agentKey;
        this.sim.state.openMedia.delete(message.uniqueCallId);
        this.emit('OPENMEDIA', 'DISCONNECTED_OPENMEDIA_EVENT', om({ discardReasonKey: 0, disconnectReason: 'AGENTREPLIED' }));
      },
    ];
  }

  private agentShift(): Step[] {
    const user = this.random.pick(this.workers());
    const agent = this.agentOf(user);
    const lunch = this.sim.directory.unavailableReasons[0]?.reasonKey ?? 0;
    const media = (state: 'LOGON' | 'LOGOFF'): Step => () => {
      if (state === 'LOGON') {
        agent.loggedOnMedia.add('VOICE');
        agent.extension = user.extension;
      } else agent.loggedOnMedia.delete('VOICE');
      this.emit('PRESENCE', 'USER_MEDIA_STATE', { agentId: user.agentId, agentKey: user.agentKey, extension: user.extension, mediaType: 'VOICE', mediaState: state, connectorKey: 0 });
    };
    return agent.loggedOnMedia.has('VOICE')
      ? [this.routing(user, 'UNAVAILABLE', lunch), media('LOGOFF'), () => this.emit('PRESENCE', 'USER_ROUTING_STATE', routingStateData(this.sim, agent)), media('LOGON'), this.routing(user, 'AVAILABLE')]
      : [media('LOGON'), this.routing(user, 'AVAILABLE'), this.routing(user, 'UNAVAILABLE', lunch), this.routing(user, 'AVAILABLE')];
  }

  /** Every media server drops and comes back (SERVER_DISCONNECTED / SERVER_CONNECTED, media not ready / ready). */
  private serverBlip(): Step[] {
    const realms: Realm[] = ['TELEPHONY', 'ROUTING', 'CALLBACK', 'WEB_INTERACTION', 'OPENMEDIA', 'ADMINISTRATION', 'PRESENCE'];
    const media: Record<string, string> = { TELEPHONY: 'VOICE', CALLBACK: 'CALLBACK', WEB_INTERACTION: 'WEB_COLLABORATION', OPENMEDIA: 'OPENMEDIA' };
    const realm = this.random.pick(realms.filter((item) => media[item]));
    return [
      ...realms.map((item) => () => {
        this.sim.serversDown.add(item);
        this.emit(item, 'SERVER_DISCONNECTED_EVENT', { serverName: SERVER_NAMES[item] });
      }),
      () => this.emit('PRESENCE', 'USER_MEDIA_NOTREADY', { mediaType: media[realm] }),
      ...realms.map((item) => () => {
        this.sim.serversDown.delete(item);
        this.emit(item, 'SERVER_CONNECTED_EVENT', { serverName: SERVER_NAMES[item] });
      }),
      () => this.emit('PRESENCE', 'USER_MEDIA_READY', { mediaType: media[realm] }),
    ];
  }

  /** Configuration changes: one event of each admin type, as V2 data (V1 applications get the V1 shape). */
  private adminChanges(): Step[] {
    const dir = this.sim.directory;
    const update = (type: string, entity: unknown, eventAction = 'UPDATE'): Step => () => this.emit('ADMINISTRATION', type, { eventAction, entity });
    const user = this.random.pick(this.workers());
    const newKey = 900 + this.random.int(0, 99);
    const { password: _p, extension: _e, groupKey: _g, ...shownUser } = user;
    return [
      update('USER_UPDATED_EVENT', { ...shownUser, lastName: `${user.lastName}-Nuñez` }),
      update('QUEUE_UPDATED_EVENT', this.random.pick(dir.queues)),
      update('GROUP_UPDATED_EVENT', this.random.pick(dir.groups)),
      update('DEPARTMENT_UPDATED_EVENT', this.random.pick(dir.departments)),
      update('AGGREGATE_UPDATED_EVENT', this.random.pick(dir.aggregates)),
      update('POSTPROCESSINGREASON_UPDATED_EVENT', this.random.pick(dir.postProcessingReasons)),
      update('UNAVAILABLEREASON_UPDATED_EVENT', this.random.pick(dir.unavailableReasons)),
      update('WRAPUPREASON_UPDATED_EVENT', this.random.pick(dir.wrapUpReasons)),
      update('CALLBACK_RETRYREASON_UPDATED_EVENT', this.random.pick(dir.callbackRetryReasons)),
      update('CALLBACK_DELETE_REASON_UPDATED_EVENT', this.random.pick(dir.callbackDeleteReasons)),
      update('OPENMEDIA_DISCARDREASON_UPDATED_EVENT', this.random.pick(dir.openMediaDiscardReasons)),
      update('USER_UPDATED_EVENT', { ...shownUser, agentKey: newKey, agentId: String(100000 + newKey), userName: 'intérimaire', firstName: 'Théo', lastName: 'Intérim' }, 'ADD'),
      () => this.emit('ADMINISTRATION', 'USER_DELETED_EVENT', { keyList: [newKey] }),
    ];
  }
}
