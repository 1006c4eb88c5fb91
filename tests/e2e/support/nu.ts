/**
 * The W3C Nu HTML checker (vnu.jar from the vnu-jar package, run on the machine's Java 17+):
 * every document is written to a temporary folder and checked in one JVM start.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const run = promisify(execFile);
const JAR = path.join(path.dirname(createRequire(import.meta.url).resolve('vnu-jar')), 'build/dist/vnu.jar');

export type NuMessage = { type: string; subType?: string; message: string; extract?: string; lastLine?: number };

/** Checks each document; answers its errors (warnings and info left out), keyed by name. */
export async function nuErrors(docs: ReadonlyArray<{ name: string; html: string }>): Promise<Map<string, NuMessage[]>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cw-nu-'));
  try {
    const files = await Promise.all(
      docs.map(async (doc, i) => {
        const file = path.join(dir, `${String(i).padStart(4, '0')}.html`);
        await fs.writeFile(file, doc.html);
        return file;
      }),
    );
    const { stdout } = await run(process.env['JAVA'] ?? 'java', ['-jar', JAR, '--errors-only', '--format', 'json', '--stdout', '--exit-zero-always', ...files], { maxBuffer: 64 * 1024 * 1024 });
    const byFile = new Map<string, NuMessage[]>();
    for (const m of (JSON.parse(stdout) as { messages: Array<NuMessage & { url?: string }> }).messages) {
      if (!m.url) throw new Error(`the Nu checker failed: ${m.message}`);
      const file = decodeURIComponent(new URL(m.url).pathname);
      byFile.set(file, [...(byFile.get(file) ?? []), m]);
    }
    return new Map(docs.map((doc, i) => [doc.name, (byFile.get(files[i]!) ?? []).filter((m) => m.type === 'error' || m.subType === 'fatal')]));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
