/**
 * Every operation of the client's table, sent to the simulator with the fields the table lists
 * (required only, then all): the simulator, written from the same guide by another engineer, must
 * not find a missing field, a wrong type or a wrong URL. Semantic refusals (no such call, agent
 * not logged on) are fine here: this checks that the two readings of the guide agree.
 */
import { strict as assert } from 'node:assert';
import { OpenScapeSimulator } from '../../src/sim/openscape';
import { OPERATIONS } from '../../src/openscape';
import type { FieldSpec, OperationSpec } from '../../src/openscape';
import { CcError } from '../../src/core/types';
import { rig, untilState } from './helpers/setup';
import type { Rig } from './helpers/setup';

const SAMPLES: Record<string, unknown> = {
  schedule: [{ startTime: '2019-01-25T10:04:42-02:00', endTime: '2019-01-25T12:37:59-02:00', phoneNumber: '551138172345' }],
  contactData: [{ key: 'customer', value: 'mss' }],
  fromTime: '2019-01-25T10:05:42-02:00',
  toTime: '2019-01-25T12:37:59-02:00',
  retryTime: '2019-01-25T12:37:59Z',
};

function sample(name: string, spec: FieldSpec): unknown {
  if (name in SAMPLES) return SAMPLES[name];
  if (spec.values) return spec.values[0];
  switch (spec.types[0]) {
    case 'integer':
    case 'key':
      return 3;
    case 'integer[]':
      return [1];
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    case 'resource':
      return '*';
    default:
      return name === 'status' ? 'CALLBACKSTATUS_NEW' : '554181015003';
  }
}

function params(op: OperationSpec, all: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(op.fields)) if (spec.required || all) out[name] = sample(name, spec);
  for (const group of op.requireOneOf ?? []) if (!group.some((f) => f in out)) out[group[group.length - 1]] = sample(group[group.length - 1], op.fields[group[group.length - 1]]);
  if (op.id === 'realtime.StartQuery' && all) out.queryType = 'USER_CUMULATIVE';
  return out;
}

const DISAGREEMENT = new Set(['WRONG_API_REQUEST', 'EMPTY_PARAMETER', 'NEGATIVE_PARAMETER', 'WRONG_DATE_FORMAT']);
const MANAGED = new Set(['main.RegisterApplication', 'main.UnregisterApplication', 'main.UnregisterApplicationV1', 'main.Logon']);

for (const urlSpelling of ['printed', 'regular'] as const) {
  describe(`openscape client table against the simulator table, operation by operation (${urlSpelling} URLs)`, function () {
    this.timeout(20000);
    let sim: OpenScapeSimulator;
    let r: Rig;

    before(async () => {
      sim = new OpenScapeSimulator({
        port: 0,
        host: '127.0.0.1',
        clientName: 'demo',
        clientToken: 'demo',
        users: [{ agentKey: 3, password: 'p' }],
        urlSpelling,
      });
      await sim.start();
      r = await rig(sim.baseUrl);
      r.client.start();
      await untilState(r.client, 'connected');
    });

    after(async () => {
      await r.close();
      await sim.stop();
    });

    for (const all of [false, true]) {
      it(`every operation with ${all ? 'all listed' : 'the required'} fields is understood`, async () => {
        const problems: string[] = [];
        for (const op of OPERATIONS) {
          if (MANAGED.has(op.id)) continue;
          const p = params(op, all);
          try {
            await r.client.request(op.id, p);
          } catch (e) {
            const err = e as CcError;
            const code = (err.answer as { errorCode?: string } | undefined)?.errorCode ?? '';
            if (err.code !== 'REFUSED' || DISAGREEMENT.has(code)) problems.push(`${op.id} ${JSON.stringify(p)}: ${err.code} ${err.message}`);
          }
        }
        assert.deepEqual(problems, []);
      });
    }
  });
}
