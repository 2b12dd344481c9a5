/**
 * The event examples of both vendor guides, copied as printed into test/fixtures/guide-events/
 * (docs/protocol-notes.md, "The guides' examples"). One entry per example:
 *  - `raw`: the block as printed (pieces split by a page break joined, page furniture left out);
 *  - `decodable`: whether the print itself decodes (OpenScape: JSON once the `//… Object` caption
 *    is left out; Mitel: what parseFrame accepts). When not, `reason` says why, and the message the
 *    print means is given: Mitel `instance` (the template's placeholders filled with sample values,
 *    the guide's own spellings kept), OpenScape `repaired` (the webhook body);
 *  - `expectedType` / `expectedFamily` / `expectedKeys`: written by reading the guide's field
 *    descriptions, not by running the decoder.
 */
import * as fs from 'fs';
import * as path from 'path';

interface Expected {
  section: string;
  raw: string;
  decodable: boolean;
  reason?: string;
  note?: string;
  expectedType: string;
  expectedFamily: string;
  expectedKeys: string[];
}

export interface MitelExample extends Expected {
  /** The frame the template describes (when not decodable as printed). */
  instance?: string;
}

export interface OpenScapeExample extends Expected {
  expectedRealm: string;
  /** Admin events: the webhookAPIVersion under which the guide prints them. */
  webhookAPIVersion?: 'V1' | 'V2';
  /** The webhook body the print means (when not decodable as printed). */
  repaired?: unknown;
}

/** The fixture directory, from the source tree or from a build directory (dist-x/test/...). */
function fixtureDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'test', 'fixtures', 'guide-events');
    if (fs.existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('test/fixtures/guide-events not found above ' + __dirname);
    dir = up;
  }
}

function load<T>(vendor: string): T[] {
  return JSON.parse(fs.readFileSync(path.join(fixtureDir(), `${vendor}.json`), 'utf8')) as T[];
}

export const mitelExamples = (): MitelExample[] => load<MitelExample>('mitel');
export const openScapeExamples = (): OpenScapeExample[] => load<OpenScapeExample>('openscape');

/** The guide prints a caption (`//OnQueueUpdateEvent Object`, `Message Example:`) above the JSON: not part of the body. */
export function withoutCaption(raw: string): string {
  return raw.trim().replace(/^Message Example:/, '').replace(/^\/\/[^\n{]*/, '').trim();
}
