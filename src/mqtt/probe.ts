/**
 * "Test connection" of a cc-server "via MQTT": can the broker be reached with these credentials,
 * and does a gateway of this server publish its state there? Each step waits at most the probe
 * step timeout; the result never holds a secret.
 */
import type { ProbeResult, ServerCredentials, ServerSettings } from '../core/driver';
import { probeStepTimeoutMs, redact } from '../probe/types';
import { BrokerLink } from './broker-link';
import { parseEnvelope } from './envelope';
import { brokerSettings, treeSettings } from './settings';
import { TopicTree } from './topics';

/** Node's words for a server certificate it does not trust (self-signed, unknown CA, wrong name, expired). */
const CERTIFICATE_ERROR = /certificate|self[- ]signed|unable to verify|CERT_|altnames/i;

export async function probeConsumer(settings: ServerSettings, credentials: ServerCredentials): Promise<ProbeResult> {
  const began = Date.now();
  const tlsPassphrase = (settings.mqttTls as { passphrase?: unknown } | undefined)?.passphrase;
  const secrets = [credentials.mqttPassword, typeof tlsPassphrase === 'string' ? tlsPassphrase : undefined];
  const result = (ok: boolean, message: string, stage?: ProbeResult['stage'], detail?: string): ProbeResult => ({
    ok,
    message: redact(message, secrets) ?? message,
    ...(stage ? { stage } : {}),
    ...(detail ? { detail: redact(detail, secrets) } : {}),
    elapsedMs: Date.now() - began,
  });
  let broker;
  let tree;
  try {
    broker = brokerSettings(settings, credentials);
    tree = new TopicTree(treeSettings(settings).prefix, treeSettings(settings).serverId);
  } catch (err) {
    return result(false, (err as Error).message, 'protocol');
  }
  const stepMs = probeStepTimeoutMs(settings);
  const topics = tree;
  return new Promise<ProbeResult>((resolve) => {
    let done = false;
    const finish = (r: ProbeResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      void link.end(500).then(() => resolve(r));
    };
    let timer = setTimeout(() => finish(result(false, `the broker ${broker.url} did not answer within ${stepMs} ms`, 'timeout')), stepMs);
    const link = new BrokerLink({ ...broker, connectTimeoutMs: stepMs }, `cc-probe-${process.pid}-${Date.now()}`, () => undefined, {
      up: (client) => {
        clearTimeout(timer);
        timer = setTimeout(
          () => finish(result(false, `connected to the broker, but no gateway publishes ${topics.connection} (is a gateway for this server id deployed?)`, 'protocol')),
          stepMs,
        );
        client.subscribe(topics.connection, { qos: 1 });
      },
      down: (detail, authFailed) => {
        if (authFailed) return finish(result(false, 'the broker refused the user name or password', 'credentials', detail));
        if (CERTIFICATE_ERROR.test(detail)) {
          const hint = settings.mqttTls ? 'check the CA and server name of the Broker TLS configuration' : 'choose a Broker TLS configuration that holds the CA of the broker';
          return finish(result(false, `the broker's TLS certificate is not trusted: ${detail} (${hint})`, 'tls', detail));
        }
        finish(result(false, `the broker cannot be reached: ${detail}`, 'connect', detail));
      },
      message: (_topic, body) => {
        const env = parseEnvelope(body);
        if (env?.kind !== 'connection') return;
        if (!env.online) return finish(result(false, `gateway ${env.gateway} is offline`, 'protocol', env.state.detail));
        const state = env.state.state;
        finish(result(state === 'connected', `gateway ${env.gateway} is ${state}${env.state.detail ? ` (${env.state.detail})` : ''}`, state === 'connected' ? undefined : 'protocol'));
      },
    });
    link.connect();
  });
}
