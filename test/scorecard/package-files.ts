import * as fs from 'fs';
import * as path from 'path';

/** The parts of package.json that the Flow Library scorecard reads. */
export interface PackageJson {
  name: string;
  version: string;
  license?: string;
  repository?: string | { type?: string; url?: string };
  keywords?: string[];
  engines?: { node?: string };
  files?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  'node-red'?: { version?: string; nodes?: Record<string, string> };
}

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

export function listFiles(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Every key path of a locale message catalog, e.g. `cc-server.label.host`. */
export function flattenKeys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  const keys: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    keys.push(...flattenKeys(v, prefix ? `${prefix}.${k}` : k));
  }
  return keys.sort();
}

/** Node types registered in an editor .html file, and whether each was named by a string literal. */
export function registeredTypes(html: string): { literal: string[]; nonLiteral: number } {
  const literal: string[] = [];
  let nonLiteral = 0;
  const re = /RED\.nodes\.registerType\(\s*([^,)]*)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const arg = m[1].trim();
    const lit = /^(['"])([^'"]+)\1$/.exec(arg);
    if (lit) literal.push(lit[2]);
    else nonLiteral++;
  }
  return { literal, nonLiteral };
}

/** The category a node type is registered with (config nodes use `config`). */
export function registeredCategory(html: string, type: string): string | undefined {
  const at = html.search(new RegExp(`RED\\.nodes\\.registerType\\(\\s*['"]${type.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}['"]`));
  if (at < 0) return undefined;
  const m = /category\s*:\s*['"]([^'"]+)['"]/.exec(html.slice(at));
  return m?.[1];
}

/** `data-help-name` values of the help <script> blocks of a locale .html file. */
export function helpNames(html: string): string[] {
  const names: string[] = [];
  const re = /<script[^>]*data-help-name\s*=\s*["']([^"']+)["'][^>]*>([\s\S]*?)<\/script>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[2].trim().length > 0) names.push(m[1]);
  }
  return names.sort();
}

/** Text of the first <p> of a help block: Node-RED shows it as the palette tooltip. */
export function firstParagraph(html: string): string {
  const m = /<p>([\s\S]*?)<\/p>/.exec(html);
  return decodeEntities((m?.[1] ?? '').replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The few entities help text uses, decoded as the browser shows them. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}
