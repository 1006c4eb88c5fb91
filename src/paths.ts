import fs from 'node:fs';
import path from 'node:path';

/**
 * The project root (the folder with package.json, drizzle/, public/ and node_modules/), found
 * from this file whether it runs from src/ (tsx, vitest) or bundled into dist/ (npm start).
 * Files the app reads at run time are found from here, never relative to a source file.
 */
export const ROOT = findRoot(import.meta.dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
