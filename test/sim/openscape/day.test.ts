import assert from 'node:assert/strict';
import { EVENT_TYPES, type OpenScapeSimulator } from '../../../src/sim/openscape';
import { buildDirectory } from '../../../src/sim/openscape/directory';
import { call, registerAndLogon, startSim } from './helpers';

interface Delivered {
  appId: string;
  body: { data: { realm: string; type: string; data: unknown } };
}

describe('OpenScape simulator: generated contact-center day', () => {
  let sim: OpenScapeSimulator;

  afterEach(async () => {
    await sim.stop();
  });

  it('covers every event type of the guide, for applications listening on every realm', async () => {
    sim = await startSim({ generate: true, eventIntervalMs: 1, seed: 42 });
    const token = await registerAndLogon(sim);
    for (const area of ['admin', 'presence', 'routing', 'telephony', 'callback', 'webcollaboration', 'openmedia']) {
      assert.equal((await call(sim, 'POST', `${area}/startlistenforevents`, { resource: '*' }, token)).body.errorCode, 'NO_ERROR');
    }
    const missing = new Set(Object.entries(EVENT_TYPES).flatMap(([realm, types]) => types.map((type) => `${realm}/${type}`)));
    const seen: Delivered[] = [];
    await new Promise<void>((resolve) => {
      const onEvent = (event: Delivered): void => {
        seen.push(event);
        missing.delete(`${event.body.data.realm}/${event.body.data.type}`);
        if (missing.size === 0) {
          sim.off('event', onEvent);
          resolve();
        }
      };
      sim.on('event', onEvent);
    });
    assert.equal(missing.size, 0);
    const text = JSON.stringify(seen.map((event) => event.body));
    assert.match(text, /[^\x00-\x7f]/, 'names and texts are not all ASCII');
  });

  it('sends V1-shaped admin events to an application registered with webhookAPIVersion V1', async () => {
    sim = await startSim({ generate: true, eventIntervalMs: 1, seed: 3 });
    const token = await registerAndLogon(sim, undefined, 'V1');
    await call(sim, 'POST', 'admin/startlistenforevents', undefined, token);
    const deleted = await new Promise<Delivered>((resolve) => {
      sim.on('event', (event: Delivered) => {
        if (event.body.data.type === 'USER_DELETED_EVENT') resolve(event);
      });
    });
    assert.ok(Array.isArray(deleted.body.data.data));
    assert.equal(typeof (deleted.body.data.data as unknown[])[0], 'string');
  });

  it('is the same for the same seed', () => {
    assert.deepEqual(buildDirectory(9), buildDirectory(9));
    assert.notDeepEqual(buildDirectory(9).customerNumbers, buildDirectory(10).customerNumbers);
  });
});
