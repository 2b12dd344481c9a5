// The flows of `npm start -- --mqtt`: one gateway and two consumer Node-RED runtimes sharing the
// Mitel simulator's feed through an MQTT broker. Each runtime gets one tab of its own.
'use strict';

const PREFIX = 'cc';
const SERVER_ID = 'mitel-demo';

/** The settings gateway and consumers share: the broker and where the server's tree lives. */
const TREE = { mqttPrefix: PREFIX, mqttServerId: SERVER_ID, mqttVersion: 'auto', mqttQos: '1' };

function server(id, connection, brokerUrl, extra) {
  const name = connection === 'gateway' ? 'Mitel (gateway)' : 'Mitel via MQTT';
  return { id, type: 'cc-server', name, protocol: 'mitel', connection, mqttBroker: brokerUrl, ...TREE, requestTimeout: 10, ...extra };
}

function debug(id, tab, name, x, y, complete = 'payload') {
  return { id, type: 'debug', z: tab, name, active: true, tosidebar: true, console: false, complete, targetType: 'msg', x, y, wires: [] };
}

function inject(id, tab, name, payload, x, y, wires) {
  return { id, type: 'inject', z: tab, name, props: [{ p: 'payload' }], payload: JSON.stringify(payload), payloadType: 'json', repeat: '', once: false, x, y, wires };
}

/** Agent commands from this runtime (they run on the gateway's connection), with a catch for refusals. */
function commands(p, tab, srv) {
  return [
    inject(`${p}-login`, tab, 'login 1001', { command: 'login', 'agent-id': 1001 }, 140, 220, [[`${p}-cmd`]]),
    inject(`${p}-logout`, tab, 'logout 1001', { command: 'logout', 'agent-id': 1001 }, 140, 260, [[`${p}-cmd`]]),
    { id: `${p}-cmd`, type: 'cc-agent-command', z: tab, server: srv, operation: 'msg', paramsFrom: 'msg', params: [], x: 360, y: 240, wires: [[`${p}-answer`]] },
    debug(`${p}-answer`, tab, 'command answer', 580, 240),
    { id: `${p}-catch`, type: 'catch', z: tab, name: 'refused', scope: [`${p}-cmd`], uncaught: false, x: 350, y: 300, wires: [[`${p}-error`]] },
    debug(`${p}-error`, tab, 'error', 580, 300, 'error'),
  ];
}

/** role: gateway | consumer-a | consumer-b. */
function mqttDemoFlows(role, brokerUrl, mitel) {
  const tab = `${role}-tab`;
  const flows = [{ id: tab, type: 'tab', label: `${role} (MQTT demo)`, disabled: false, info: '' }];
  if (role === 'gateway') {
    flows.push(
      server('gw-server', 'gateway', brokerUrl, { host: mitel.host, port: mitel.port }),
      { id: 'gw-comment', type: 'comment', z: tab, name: 'This runtime holds the one connection and publishes it to the broker', x: 250, y: 60, wires: [] },
      { id: 'gw-agents', type: 'cc-agent-event', z: tab, server: 'gw-server', autoSubscribe: true, entities: '*', types: '', x: 150, y: 120, wires: [['gw-agents-debug']] },
      debug('gw-agents-debug', tab, 'agent events (gateway)', 400, 120),
      ...commands('gw', tab, 'gw-server'),
    );
  } else if (role === 'consumer-a') {
    flows.push(
      server('ca-server', 'consumer', brokerUrl, {}),
      { id: 'ca-comment', type: 'comment', z: tab, name: 'A wallboard: agent events and group statistics through the broker', x: 250, y: 60, wires: [] },
      { id: 'ca-agents', type: 'cc-agent-event', z: tab, server: 'ca-server', autoSubscribe: true, entities: '*', types: '', x: 150, y: 120, wires: [['ca-agents-debug']] },
      debug('ca-agents-debug', tab, 'agent events (consumer A)', 400, 120),
      { id: 'ca-stats', type: 'cc-realtime', z: tab, server: 'ca-server', statType: 'group-stats', entities: '*', startOnDeploy: true, x: 150, y: 170, wires: [['ca-stats-debug']] },
      debug('ca-stats-debug', tab, 'group statistics (consumer A)', 400, 170),
    );
  } else {
    flows.push(
      server('cb-server', 'consumer', brokerUrl, {}),
      { id: 'cb-comment', type: 'comment', z: tab, name: 'A CRM service: every event, and agent commands sent through the gateway', x: 250, y: 60, wires: [] },
      { id: 'cb-events', type: 'cc-event', z: tab, server: 'cb-server', filterMode: 'all', types: '', includeConnection: true, x: 150, y: 120, wires: [['cb-events-debug']] },
      debug('cb-events-debug', tab, 'all events (consumer B)', 400, 120),
      ...commands('cb', tab, 'cb-server'),
    );
  }
  return flows;
}

module.exports = { mqttDemoFlows, PREFIX, SERVER_ID };
