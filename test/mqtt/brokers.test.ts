/**
 * The broker harness does what the MQTT tests rely on: aedes speaks 3.1.1 and refuses v5, keeps or
 * drops retained messages across a restart as asked, checks credentials; mosquitto speaks v5, checks
 * users made with mosquitto_passwd, serves TLS, restarts on the same port and really dies on kill().
 */
import assert from 'assert/strict';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import os from 'os';
import path from 'path';
import mqtt, { IClientOptions, MqttClient } from 'mqtt';
import { AedesBroker, MosquittoBroker, startAedes, startMosquitto } from '../helpers/brokers';

/** Connects, or rejects with the broker's refusal or after `ms`. */
async function connect(url: string, options: IClientOptions = {}, ms = 5000): Promise<MqttClient> {
  const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: ms, ...options });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
      client.once('close', () => reject(new Error('closed before CONNACK')));
    });
  } catch (err) {
    client.end(true);
    throw err;
  }
  return client;
}

async function retainedOn(url: string, topic: string, protocolVersion: 4 | 5): Promise<string | undefined> {
  const client = await connect(url, { protocolVersion });
  try {
    await client.subscribeAsync(topic);
    // A retained message arrives before the SUBACK's effects are observable by a round trip of our own.
    const marker = `${topic}/marker`;
    const seen = new Promise<string | undefined>((resolve) => {
      let value: string | undefined;
      client.on('message', (t, payload) => {
        if (t === topic) value = payload.toString();
        if (t === marker) resolve(value);
      });
    });
    await client.subscribeAsync(marker);
    await client.publishAsync(marker, 'x');
    return await seen;
  } finally {
    await client.endAsync();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('test brokers', function () {
  this.timeout(20000);

  describe('aedes (in process, MQTT 3.1.1)', () => {
    let broker: AedesBroker | undefined;
    afterEach(async () => {
      await broker?.stop();
      broker = undefined;
    });

    it('speaks 3.1.1, refuses v5, keeps retained messages across restart() and drops them on a fresh one', async () => {
      broker = await startAedes();
      const client = await connect(broker.url, { protocolVersion: 4 });
      await client.publishAsync('t/retained', 'kept', { retain: true, qos: 1 });
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      await broker.restart();
      await closed; // the restart really cut the client
      client.end(true);
      await assert.rejects(connect(broker.url, { protocolVersion: 5 }, 2000));
      assert.equal(await retainedOn(broker.url, 't/retained', 4), 'kept');
      await broker.restart({ fresh: true });
      assert.equal(await retainedOn(broker.url, 't/retained', 4), undefined);
    });

    it('checks a user name and password', async () => {
      broker = await startAedes({ username: 'u', password: 'p' });
      await assert.rejects(connect(broker.url, { username: 'u', password: 'wrong' }), /Bad username or password/i);
      const client = await connect(broker.url, { username: 'u', password: 'p' });
      await client.endAsync();
    });
  });

  describe('mosquitto (child process, MQTT v5)', () => {
    let broker: MosquittoBroker | undefined;
    afterEach(async () => {
      await broker?.stop();
      broker = undefined;
    });

    it('speaks v5, restarts on the same port without retained state, and kill() ends the process', async () => {
      broker = await startMosquitto();
      const client = await connect(broker.url, { protocolVersion: 5 });
      await client.publishAsync('t/retained', 'gone after restart', { retain: true, qos: 1 });
      await client.endAsync();
      const first = broker.pid;
      assert.ok(first !== undefined && processAlive(first));
      await broker.restart();
      assert.notEqual(broker.pid, first);
      assert.equal(processAlive(first), false);
      assert.equal(await retainedOn(broker.url, 't/retained', 5), undefined, 'persistence is off');

      const watcher = await connect(broker.url, { protocolVersion: 5 });
      const closed = new Promise<void>((resolve) => watcher.once('close', () => resolve()));
      const pid = broker.pid as number;
      await broker.kill();
      await closed;
      watcher.end(true);
      assert.equal(processAlive(pid), false);
      assert.equal(broker.pid, undefined);
      await broker.restart();
      (await connect(broker.url, { protocolVersion: 5 })).end(true);
    });

    it('checks users made with mosquitto_passwd', async () => {
      broker = await startMosquitto({ username: 'gateway', password: 's3cret' });
      await assert.rejects(connect(broker.url, { protocolVersion: 5, username: 'gateway', password: 'nope' }));
      await assert.rejects(connect(broker.url, { protocolVersion: 5 }));
      const client = await connect(broker.url, { protocolVersion: 5, username: 'gateway', password: 's3cret' });
      await client.endAsync();
    });

    it('serves TLS with a certificate made here, and a client that does not trust it is refused', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-cert-'));
      try {
        const key = path.join(dir, 'key.pem');
        const cert = path.join(dir, 'cert.pem');
        execFileSync('openssl', [
          'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
          '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
        ], { stdio: 'ignore' });
        const pem = readFileSync(cert);
        broker = await startMosquitto({ tls: { cert: pem, key: readFileSync(key), ca: pem } });
        assert.match(broker.url, /^mqtts:/);
        await assert.rejects(connect(broker.url, { protocolVersion: 5 }));
        const client = await connect(broker.url, { protocolVersion: 5, ca: pem });
        await client.endAsync();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
