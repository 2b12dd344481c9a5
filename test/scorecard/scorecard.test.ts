/**
 * The Node-RED Flow Library scorecard, as a test.
 *
 * `node-red-dev validate` computes the same scorecard but asks the npm registry about the package and
 * its dependencies, so it cannot run offline in CI; these checks are the scorecard's own rules
 * (package, examples, dependencies, literal type names) plus ours (en-US help for every node, the
 * German locale holding exactly the en-US keys).
 */
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { outRoot, repoRoot } from '../browser/support/paths';
import {
  PackageJson,
  firstParagraph,
  flattenKeys,
  helpNames,
  listFiles,
  readJson,
  registeredCategory,
  registeredTypes,
} from './package-files';

const pkg = readJson<PackageJson>(path.join(repoRoot, 'package.json'));
const nodeTypes = Object.keys(pkg['node-red']?.nodes ?? {});
const nodesDir = path.join(repoRoot, 'nodes');
const localesDir = path.join(nodesDir, 'locales');
const MAX_DEPENDENCIES = 6;

function editorHtml(type: string): string {
  const file = path.join(nodesDir, `${type}.html`);
  assert.ok(fs.existsSync(file), `nodes/${type}.html is missing`);
  return fs.readFileSync(file, 'utf8');
}

describe('Flow Library scorecard', function () {
  describe('package.json', function () {
    it('has a licence, and the licence file ships', function () {
      assert.ok(pkg.license && pkg.license.length > 0, 'package.json has no "license"');
      const licenceFile = ['LICENSE', 'LICENSE.md', 'LICENCE'].find((f) => fs.existsSync(path.join(repoRoot, f)));
      assert.ok(licenceFile, 'no LICENSE file at the package root');
    });

    it('ships a README (the Flow Library page) that names every node type and how to install', function () {
      const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
      for (const type of nodeTypes) assert.ok(readme.includes(type), `README.md does not mention ${type}`);
      assert.ok(readme.includes(`npm install ${pkg.name}`), `README.md lacks "npm install ${pkg.name}"`);
    });

    it('names its repository', function () {
      const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
      assert.match(url ?? '', /^(git\+)?https:\/\/|^github:/, 'package.json "repository" has no URL');
    });

    it('has a scoped name (required of packages new to the Flow Library since 2022)', function () {
      assert.match(pkg.name, /^@[a-z0-9-~][a-z0-9-._~]*\/[a-z0-9-~][a-z0-9-._~]*$/);
    });

    it('has the node-red keyword (the Flow Library indexes only those)', function () {
      assert.ok(pkg.keywords?.includes('node-red'), 'keywords lack "node-red"');
    });

    it('declares the Node-RED versions it supports', function () {
      assert.match(pkg['node-red']?.version ?? '', /^\s*(>=|\^|~)?\s*\d+\.\d+(\.\d+)?/, 'node-red.version is missing');
    });

    it('declares the Node.js versions it supports', function () {
      assert.match(pkg.engines?.node ?? '', /\d+/, 'engines.node is missing');
    });

    it(`has at most ${MAX_DEPENDENCIES} runtime dependencies, none of them Node-RED itself`, function () {
      const deps = Object.keys(pkg.dependencies ?? {});
      assert.ok(deps.length <= MAX_DEPENDENCIES, `${deps.length} dependencies: ${deps.join(', ')}`);
      assert.ok(!deps.includes('node-red'), 'node-red must not be a runtime dependency');
    });

    it('maps the eleven contract node types to build files that exist and are published', function () {
      assert.deepEqual([...nodeTypes].sort(), [
        'cc-agent-command',
        'cc-agent-event',
        'cc-board',
        'cc-contact-event',
        'cc-entity-event',
        'cc-event',
        'cc-realtime',
        'cc-request',
        'cc-server',
        'cc-subscribe',
        'cc-telephony',
      ]);
      const files = pkg.files ?? [];
      for (const type of nodeTypes) {
        const rel = pkg['node-red']?.nodes?.[type] ?? '';
        assert.ok(files.some((f) => rel.startsWith(f.replace(/\/$/, '') + '/')), `${rel} is not covered by "files"`);
        // The mapping names dist/; this test runs from whichever out dir it was compiled into.
        const built = path.join(outRoot, path.relative('dist', rel));
        assert.ok(fs.existsSync(built), `${type}: ${rel} was not built (looked for ${built})`);
        assert.ok(fs.existsSync(path.join(nodesDir, `${type}.ts`)), `nodes/${type}.ts is missing`);
      }
      assert.ok(files.includes('examples'), 'examples/ is not published');
    });
  });

  describe('published package (npm pack --dry-run)', function () {
    let packed: string[] = [];

    before(function () {
      this.timeout(120000); // npm's own start-up is CPU-heavy: seconds alone, much more on a busy CI machine
      // --ignore-scripts: list what `files` selects from the build in dist/ without rebuilding it.
      const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      packed = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
    });

    it('ships, for every node, what Node-RED loads: the .js, the .html, both locales and the icon', function () {
      const missing: string[] = [];
      for (const type of nodeTypes) {
        const wanted = [
          pkg['node-red']?.nodes?.[type] ?? `dist/nodes/${type}.js`,
          `dist/nodes/${type}.html`,
          `dist/nodes/locales/en-US/${type}.html`,
          `dist/nodes/locales/en-US/${type}.json`,
          `dist/nodes/locales/de/${type}.html`,
          `dist/nodes/locales/de/${type}.json`,
        ];
        if (type !== 'cc-server') wanted.push(`icons/${type}.svg`);
        missing.push(...wanted.filter((f) => !packed.includes(f)));
      }
      assert.deepEqual(missing, []);
    });

    it('ships every example, the licence and the README, and no tests, benchmarks or local state', function () {
      for (const f of listFiles(path.join(repoRoot, 'examples'), '.json')) {
        assert.ok(packed.includes(`examples/${path.basename(f)}`), `examples/${path.basename(f)} is not published`);
      }
      for (const f of ['LICENSE', 'README.md', 'package.json']) assert.ok(packed.includes(f), `${f} is not published`);
      const stray = packed.filter((f) => /^(dist\/test|dist\/bench|test|bench|src|nodes|\.node-red-demo|test-artifacts|dist-)/.test(f));
      assert.deepEqual(stray, []);
    });
  });

  describe('editor files', function () {
    it('registers every node type with a literal name in its .html', function () {
      for (const type of nodeTypes) {
        const { literal, nonLiteral } = registeredTypes(editorHtml(type));
        assert.equal(nonLiteral, 0, `nodes/${type}.html registers a type by a non-literal expression`);
        assert.deepEqual(literal, [type], `nodes/${type}.html registers ${JSON.stringify(literal)}`);
      }
    });

    it('puts every palette node in the "contact center" category and cc-server in config', function () {
      for (const type of nodeTypes) {
        const expected = type === 'cc-server' ? 'config' : 'contact center';
        assert.equal(registeredCategory(editorHtml(type), type), expected, `${type} category`);
      }
    });

    it('gives every palette node an icon shipped in icons/', function () {
      for (const type of nodeTypes.filter((t) => t !== 'cc-server')) {
        const html = editorHtml(type);
        const at = html.search(/RED\.nodes\.registerType\(/);
        const icon = /icon\s*:\s*['"]([^'"]+)['"]/.exec(html.slice(at))?.[1];
        assert.ok(icon, `${type} names no icon`);
        if (icon.startsWith('font-awesome/') || icon.startsWith('node-red/')) continue; // Node-RED's own icons
        const file = path.join(repoRoot, 'icons', icon);
        assert.ok(fs.existsSync(file), `${type}: icons/${icon} is missing`);
        assert.match(fs.readFileSync(file, 'utf8'), /<svg[\s>]/, `icons/${icon} is not an SVG`);
      }
    });

    it('has en-US help for every node, whose first paragraph (the tooltip) is not empty', function () {
      for (const type of nodeTypes) {
        const file = path.join(localesDir, 'en-US', `${type}.html`);
        assert.ok(fs.existsSync(file), `nodes/locales/en-US/${type}.html is missing`);
        const html = fs.readFileSync(file, 'utf8');
        assert.deepEqual(helpNames(html), [type], `help blocks in en-US/${type}.html`);
        assert.ok(firstParagraph(html).length > 10, `${type}: the help has no first paragraph`);
      }
    });

    it('has an en-US message catalog for every node', function () {
      for (const type of nodeTypes) {
        assert.ok(fs.existsSync(path.join(localesDir, 'en-US', `${type}.json`)), `en-US/${type}.json is missing`);
      }
    });
  });

  describe('locales', function () {
    const enDir = path.join(localesDir, 'en-US');
    const deDir = path.join(localesDir, 'de');

    it('has a German file for every en-US file and no other', function () {
      const names = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
      assert.ok(names(enDir).length > 0, 'no en-US locale files');
      assert.deepEqual(names(deDir), names(enDir));
    });

    it('has the same message keys in de as in en-US, with no value left empty', function () {
      for (const file of listFiles(enDir, '.json')) {
        const base = path.basename(file);
        const de = path.join(deDir, base);
        assert.ok(fs.existsSync(de), `de/${base} is missing`);
        const deCatalog = readJson<unknown>(de);
        assert.deepEqual(flattenKeys(deCatalog), flattenKeys(readJson<unknown>(file)), `keys of de/${base}`);
        const empty = flattenKeys(deCatalog).filter((k) => {
          const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)?.[p], deCatalog);
          return typeof v === 'string' && v.trim() === '' ;
        });
        assert.deepEqual(empty, [], `empty values in de/${base}`);
      }
    });

    it('has German help for the same nodes as en-US', function () {
      for (const file of listFiles(enDir, '.html')) {
        const base = path.basename(file);
        const de = path.join(deDir, base);
        assert.ok(fs.existsSync(de), `de/${base} is missing`);
        const deHtml = fs.readFileSync(de, 'utf8');
        const enHtml = fs.readFileSync(file, 'utf8');
        assert.deepEqual(helpNames(deHtml), helpNames(enHtml), base);
        // Same structure: a property or section added to en-US and not translated shows up here.
        const shape = (html: string): Record<string, number> =>
          Object.fromEntries(['<h3', '<h4', '<dt', '<li', '<p>'].map((t) => [t, html.split(t).length - 1]));
        assert.deepEqual(shape(deHtml), shape(enHtml), `structure of de/${base} differs from en-US`);
        assert.ok(firstParagraph(deHtml).length > 10, `de/${base} has no first paragraph`);
      }
    });
  });

  describe('examples', function () {
    const examples = listFiles(path.join(repoRoot, 'examples'), '.json');

    it('are valid flow JSON, each with a comment node that explains it', function () {
      assert.ok(examples.length > 0, 'no examples/*.json');
      for (const file of examples) {
        const flow = readJson<Array<{ type: string; info?: string; name?: string }>>(file);
        assert.ok(Array.isArray(flow), `${path.basename(file)} is not a flow array`);
        assert.ok(flow.some((n) => n.type === 'comment'), `${path.basename(file)} has no comment node`);
      }
    });

    it('exist for every non-config node type', function () {
      const used = new Set<string>();
      for (const file of examples) {
        for (const n of readJson<Array<{ type: string }>>(file)) used.add(n.type);
      }
      const missing = nodeTypes.filter((t) => t !== 'cc-server' && !used.has(t));
      assert.deepEqual(missing, [], 'node types without an example');
    });

    it('keep secrets out of the flow JSON', function () {
      for (const file of examples) {
        for (const n of readJson<Array<Record<string, unknown>>>(file)) {
          for (const secret of ['password', 'clientToken', 'agentPassword', 'credentials']) {
            assert.ok(!(secret in n) || n[secret] === '' , `${path.basename(file)}: ${n.type} ${String(n.id)} holds "${secret}"`);
          }
        }
      }
    });
  });
});
