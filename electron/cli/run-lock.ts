// Waiting for another runner, as every command that takes the run lock shows it: who holds it
// (pid, machine, since when), and how long this command may wait (--lock-wait).
import { hostname } from 'node:os';
import { describeHolder, type RunLockHolder, type RunLockOptions } from '../engine/usecases/database.ts';
import { durationOption, type OptionValues } from './command.ts';
import type { CommandContext } from './context.ts';
import { note, paint } from './output.ts';

/** Whether a process of this machine is gone (a killed runner whose session lives on). */
function gone(holder: RunLockHolder): boolean {
  if (holder.pid === null || holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function waitingText(holder: RunLockHolder | undefined): string {
  if (holder && gone(holder)) {
    return (
      `waiting for the run lock of ${describeHolder(holder)}: that process is gone, ` +
      `but its database session is still finishing the statement it had sent…`
    );
  }
  return `waiting for another runner${holder ? ` (${describeHolder(holder)})` : ''} to finish…`;
}

export function runLockOptions(ctx: CommandContext, values: OptionValues, signal?: AbortSignal): RunLockOptions {
  const waitMs = durationOption(values, 'lock-wait');
  return {
    onWait: (holder) => {
      if (!ctx.out.json) note(ctx.out, paint(ctx.out, 'yellow', waitingText(holder)));
    },
    ...(signal ? { signal } : {}),
    ...(waitMs !== undefined ? { waitMs } : {}),
  };
}
