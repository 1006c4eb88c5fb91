/**
 * What the tests that keep docs/security/* true to the code share: reading a Markdown table of a
 * document, and the source files of a folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../src/paths.js';

/** The rows of the Markdown table whose header row starts with `| first |`, as cells. */
export function markdownTable(markdown: string, first: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  if (start < 0) throw new Error(`no table starting with ${first}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

/** The `code` spans of a table cell. */
export const backticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** Every file under `dir` (relative to the repository) whose name ends in one of `exts`, with its text, by path. */
export function sourceFiles(dir: string, exts: readonly string[] = ['.ts', '.tsx']): { file: string; text: string }[] {
  if (!fs.existsSync(path.join(ROOT, dir))) return [];
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && exts.some((x) => e.name.endsWith(x)))
    .map((e) => {
      const file = path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/');
      return { file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Source text without comments, so a comment that mentions eval or md5 is not a finding. */
export const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
