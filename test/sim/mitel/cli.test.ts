import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import { main, parseMitelArgs, USAGE } from '../../../src/sim/cli';
import { FeedClient } from './feed-client';

describe('cc-sim CLI', () => {
  it('parses the mitel options with defaults', () => {
    assert.deepEqual(parseMitelArgs([]), {
      port: 31456,
      host: '127.0.0.1',
      user: 'demo',
      password: 'demo',
      seed: 1,
      speed: 1,
      generate: true,
      guideSpellings: false,
    });
    const opts = parseMitelArgs(['--port', '0', '--user', 'sup', '--password=pw', '--seed', '9', '--speed', '20', '--no-generate', '--guide-spellings', '--host', '::1']);
    assert.equal(opts.port, 0);
    assert.equal(opts.user, 'sup');
    assert.equal(opts.password, 'pw');
    assert.equal(opts.seed, 9);
    assert.equal(opts.speed, 20);
    assert.equal(opts.generate, false);
    assert.equal(opts.guideSpellings, true);
    assert.equal(opts.host, '::1');
    const more = parseMitelArgs(['--stats-interval', '250', '--snapshot', 'combined', '--subscribe-answer', 'subscribe']);
    assert.equal(more.statsIntervalMs, 250);
    assert.equal(more.snapshotMode, 'combined');
    assert.equal(more.subscribeAnswerKey, 'subscribe');
  });

  it('rejects bad options with a message', () => {
    assert.throws(() => parseMitelArgs(['--port', 'abc']), /--port needs a number/);
    assert.throws(() => parseMitelArgs(['--port', '70000']), /--port/);
    assert.throws(() => parseMitelArgs(['--speed', '0']), /--speed/);
    assert.throws(() => parseMitelArgs(['--user']), /--user needs a value/);
    assert.throws(() => parseMitelArgs(['--bogus']), /unknown option --bogus/);
    assert.throws(() => parseMitelArgs(['--snapshot', 'both']), /per-kind or combined/);
    assert.throws(() => parseMitelArgs(['--subscribe-answer', 'x']), /subscriptions or subscribe/);
  });

  it('prints usage for --help', async () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array): boolean => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await main(['--help']);
    } finally {
      process.stdout.write = original;
    }
    assert.equal(written.join(''), USAGE);
    assert.match(USAGE, /cc-sim <simulator>/);
  });

  it('runs the mitel simulator as a process, logs connections without the password, stops on SIGTERM', async function () {
    this.timeout(10000);
    const cli = path.join(__dirname, '..', '..', '..', 'src', 'sim', 'cli.js');
    const child = spawn(
      process.execPath,
      ['-e', `require(${JSON.stringify(cli)}).main(process.argv.slice(1))`, 'mitel', '--port', '0', '--user', 'demo', '--password', 's3cr3t-pw', '--no-generate'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const waiters: Array<() => void> = [];
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      waiters.splice(0).forEach((w) => w());
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const output = (re: RegExp): Promise<RegExpExecArray> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const m = re.exec(out);
          if (m) resolve(m);
          else if (child.exitCode !== null) reject(new Error(`exited: ${out}`));
          else waiters.push(check);
        };
        check();
      });
    try {
      const port = Number((await output(/listening on [^:]+:(\d+)/))[1]);
      const c = await FeedClient.authenticated(port, 'demo', 's3cr3t-pw');
      await c.close();
      await output(/connection 1 closed/);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    assert.match(out, /connection 1 from 127\.0\.0\.1/);
    assert.match(out, /authenticated as demo/);
    assert.ok(!out.includes('s3cr3t-pw'), 'the password is never logged');
  });
});
