import fs from 'node:fs';
import path from 'node:path';

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

/** /proc/<pid>/stat fields after "pid (comm) ": comm may contain spaces and parentheses. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** When the process started (clock ticks since boot), to tell a reused pid from the lock's owner; '' without /proc. */
function startTimeOf(pid: number): string {
  return procStat(pid)?.[19] ?? '';
}

const hasProc = () => fs.existsSync('/proc/self/stat');

/**
 * Whether the process that wrote the lock can still write to the data directory. A zombie
 * (killed, not yet reaped: common right after a SIGKILL, or under an init that reaps late) still
 * answers kill(pid, 0) but will never write again, so it counts as gone; so does another process
 * that was given the same pid later (its start time differs from the one in the lock file).
 */
export function isAlive(pid: number, startTime = ''): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (!hasProc()) return true; // not Linux: trust kill(pid, 0)
  const fields = procStat(pid);
  if (!fields) return false; // gone since kill(pid, 0)
  if (fields[0] === 'Z' || fields[0] === 'X') return false;
  return startTime === '' || fields[19] === startTime;
}

/** Lock files hold "pid\nstart time"; older ones only the pid. */
function parseLock(text: string): { pid: number; startTime: string } {
  const [pid = '', startTime = ''] = text.trim().split(/\s+/);
  return { pid: Number.parseInt(pid, 10), startTime };
}

/** Held locks, released when the process exits in any way short of a kill (a crash at start-up included). */
const held = new Map<string, DirLock>();
let exitHook = false;

/**
 * PGlite takes no lock of its own: an exclusive lock file holding our pid keeps a second
 * process off the same data directory. A lock left by a dead process (SIGKILL) is taken over.
 */
export function acquireDirLock(lockFile: string): DirLock {
  lockFile = path.resolve(lockFile);
  // This very process holds it already (a second openDatabase on the same directory).
  if (held.has(lockFile)) throw new DataDirLockedError(lockFile, process.pid);
  const content = `${process.pid}\n${startTimeOf(process.pid)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      try {
        fs.writeSync(fd, content);
      } finally {
        fs.closeSync(fd);
      }
      let released = false;
      const lock: DirLock = {
        release() {
          if (released) return;
          released = true;
          held.delete(lockFile);
          try {
            if (fs.readFileSync(lockFile, 'utf8') === content) fs.unlinkSync(lockFile);
          } catch {
            /* already gone */
          }
        },
      };
      held.set(lockFile, lock);
      if (!exitHook) {
        exitHook = true;
        process.on('exit', () => {
          for (const l of [...held.values()]) l.release();
        });
      }
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let text: string;
      try {
        text = fs.readFileSync(lockFile, 'utf8');
      } catch {
        continue; // removed between our open and read: try again
      }
      const { pid, startTime } = parseLock(text);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid, startTime)) {
        throw new DataDirLockedError(lockFile, pid);
      }
      // Stale (its process is gone) or unreadable: remove it, unless another process has just
      // replaced it with its own (two processes starting at once on a stale lock), then retry.
      try {
        if (fs.readFileSync(lockFile, 'utf8') === text) fs.unlinkSync(lockFile);
      } catch {
        /* someone else removed it */
      }
    }
  }
  throw new Error(`Could not take the lock file ${lockFile}`);
}
