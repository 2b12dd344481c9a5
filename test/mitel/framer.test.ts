import assert from 'assert/strict';
import { NulFramer, DEFAULT_MAX_FRAME_BYTES } from '../../src/mitel/framer';

function collector(max?: number) {
  const frames: string[] = [];
  const errors: string[] = [];
  const framer = new NulFramer(
    { onFrame: (t) => frames.push(t), onOversize: (m) => errors.push(m) },
    max,
  );
  return { framer, frames, errors };
}

describe('mitel NulFramer', () => {
  it('defaults to a 16 MiB limit', () => {
    assert.equal(collector().framer.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES);
    assert.equal(DEFAULT_MAX_FRAME_BYTES, 16 * 1024 * 1024);
  });

  it('reassembles two frames cut at every byte offset, including inside multi-byte UTF-8', () => {
    const a = JSON.stringify({ message: 'agent-login', 'agent-name': 'Müller 日本', n: 1 });
    const b = JSON.stringify({ message: 'agent-idle', 'agent-name': 'Zoë Ødegård 太郎' });
    const wire = Buffer.from(a + '\0' + b + '\0', 'utf8');
    for (let cut = 0; cut <= wire.length; cut++) {
      const { framer, frames, errors } = collector();
      framer.push(wire.subarray(0, cut));
      framer.push(wire.subarray(cut));
      assert.deepEqual(frames, [a, b], `cut at ${cut}`);
      assert.deepEqual(errors, []);
      assert.equal(framer.bufferedBytes, 0);
    }
  });

  it('reassembles a frame delivered one byte at a time', () => {
    const a = '{"name":"José Núñez 日本 太郎"}';
    const wire = Buffer.from(a + '\0', 'utf8');
    const { framer, frames } = collector();
    for (let i = 0; i < wire.length; i++) framer.push(wire.subarray(i, i + 1));
    assert.deepEqual(frames, [a]);
  });

  it('splits many frames from one chunk and ignores empty frames', () => {
    const texts = Array.from({ length: 50 }, (_, i) => `{"i":${i}}`);
    const wire = Buffer.from('\0' + texts.join('\0\0') + '\0\0\0', 'utf8');
    const { framer, frames } = collector();
    framer.push(wire);
    assert.deepEqual(frames, texts);
  });

  it('keeps an incomplete frame until its NUL arrives', () => {
    const { framer, frames } = collector();
    framer.push(Buffer.from('{"a":1}\0{"b":'));
    assert.deepEqual(frames, ['{"a":1}']);
    assert.equal(framer.bufferedBytes, 5);
    framer.push(Buffer.from('2}\0'));
    assert.deepEqual(frames, ['{"a":1}', '{"b":2}']);
  });

  it('reports an oversized frame once (in one chunk), then delivers the next frame', () => {
    const { framer, frames, errors } = collector(10);
    framer.push(Buffer.from('{"long":"0123456789"}\0{"ok":1}\0'));
    assert.deepEqual(errors, ['frame exceeds 10 bytes, discarded']);
    assert.deepEqual(frames, ['{"ok":1}']);
  });

  it('reports an oversized frame once across many chunks, discards to its NUL and resynchronises', () => {
    const { framer, frames, errors } = collector(100);
    framer.push(Buffer.from('{"first":1}\0{"big":"'));
    for (let i = 0; i < 50; i++) framer.push(Buffer.alloc(30, 0x61));
    framer.push(Buffer.from('"}\0{"next":'));
    framer.push(Buffer.from('2}\0'));
    assert.deepEqual(errors, ['frame exceeds 100 bytes, discarded']);
    assert.deepEqual(frames, ['{"first":1}', '{"next":2}']);
    assert.equal(framer.bufferedBytes, 0);
  });

  it('accepts a frame of exactly the limit', () => {
    const { framer, frames, errors } = collector(7);
    framer.push(Buffer.from('{"a":1'));
    framer.push(Buffer.from('}\0'));
    assert.deepEqual(frames, ['{"a":1}']);
    assert.deepEqual(errors, []);
  });

  it('reset() forgets a partial frame', () => {
    const { framer, frames } = collector();
    framer.push(Buffer.from('{"half":'));
    framer.reset();
    framer.push(Buffer.from('{"whole":1}\0'));
    assert.deepEqual(frames, ['{"whole":1}']);
  });

  it('reassembles a 20 MB frame arriving in 1 KB chunks (linear, completes)', function () {
    this.timeout(20000);
    const size = 20 * 1000 * 1000;
    const { framer, frames, errors } = collector(32 * 1024 * 1024);
    const chunk = Buffer.alloc(1024, 0x78);
    framer.push(Buffer.from('"'));
    let sent = 1;
    while (sent + 1024 <= size - 1) {
      framer.push(chunk);
      sent += 1024;
    }
    const rest = size - 1 - sent;
    framer.push(Buffer.concat([Buffer.alloc(rest, 0x78), Buffer.from('"\0')]));
    assert.deepEqual(errors, []);
    assert.equal(frames.length, 1);
    assert.equal(frames[0].length, size);
    assert.equal(JSON.parse(frames[0]).length, size - 2);
  });
});
