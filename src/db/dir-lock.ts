import fs from 'node:fs';

export type DirLock = { release(): void };

export class DataDirLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `Another Commonwise process (pid ${pid}) is already using this data directory (lock file ${lockFile}). ` +
        'Stop it first, or set DATA_DIR to another directory. Two processes on one embedded database would corrupt it.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite takes no lock of its own: an exclusive lock file holding our pid keeps a second
 * process off the same data directory. A lock left by a dead process (SIGKILL) is taken over.
 */
export function acquireDirLock(lockFile: string): DirLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockFile);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid = Number.NaN;
      try {
        pid = Number.parseInt(fs.readFileSync(lockFile, 'utf8').trim(), 10);
      } catch {
        continue; // removed between our open and read: try again
      }
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(lockFile, pid);
      }
      // Stale (its process is gone) or unreadable: remove and retry.
      try {
        fs.unlinkSync(lockFile);
      } catch {
        /* someone else removed it */
      }
    }
  }
  throw new Error(`Could not take the lock file ${lockFile}`);
}
