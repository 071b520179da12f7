// How the CLI tells of interrupted `transactional false` revisions: each statement beside what
// the catalog holds now, the SQL that would take the leftovers back, and the ways out.
import type { InterruptedRunInfo, RunLockHolderInfo } from '../../shared/api/run.ts';
import { note, paint, type Output } from './output.ts';

const STATUS: Record<InterruptedRunInfo['statements'][number]['status'], string> = {
  done: 'done',
  interrupted: 'cut off',
  stopped: 'stopped',
  running: 'RUNNING',
  'not-started': 'not run',
};

export function holderText(holder: RunLockHolderInfo): string {
  const who = holder.pid !== null ? `pid ${holder.pid}` : 'a session that is not a strata runner';
  return (
    `${who}${holder.host !== null ? ` on ${holder.host}` : ''}` +
    `${holder.since !== null ? `, since ${holder.since.replace(/\.\d{3}Z$/, 'Z')}` : ''}`
  );
}

/** Written to stderr: it is why a command refused, or a warning beside its real output. */
export function printInterrupted(out: Output, runs: readonly InterruptedRunInfo[]): void {
  for (const run of runs) {
    const id = run.revision;
    note(
      out,
      paint(
        out,
        'red',
        `interrupted: ${run.direction} ${id}${run.file ? ` (${run.file})` : ' (no longer in the project)'}`,
      ),
    );
    const progress = run.progress ? `; ${run.progress.done} of ${run.progress.total} statements done` : '';
    note(out, `  started ${run.startedAt.replace(/\.\d{3}Z$/, 'Z')} by ${run.user}@${run.host}${progress}`);
    if (run.holder)
      note(
        out,
        paint(
          out,
          'yellow',
          `  a runner holds the run lock right now (${holderText(run.holder)}): this run may still be going`,
        ),
      );
    for (const s of run.statements) {
      const first = s.sql.split('\n')[0] ?? '';
      note(
        out,
        `  line ${String(s.line).padEnd(4)} ${STATUS[s.status].padEnd(7)}  ` +
          `${first.length > 60 ? `${first.slice(0, 59)}…` : first}`,
      );
      note(out, paint(out, 'gray', `             ${s.finding}`));
    }
    if (run.busy.length > 0) {
      for (const b of run.busy)
        note(
          out,
          paint(
            out,
            'yellow',
            `  server process ${b.pid} is still working on line ${b.line}: ` +
              `wait for it to end, or stop it with SELECT pg_cancel_backend(${b.pid})`,
          ),
        );
      note(out, '  nothing can be decided while it works: run this again once it has ended');
      continue;
    }
    if (run.rollback.length > 0) {
      note(out, `  what --rollback would run, in this order:`);
      for (const sql of run.rollback) note(out, paint(out, 'cyan', `    ${sql};`));
    }
    for (const c of run.cannotRollback) note(out, paint(out, 'yellow', `  not taken back: ${c}`));
    const suggested = (action: 'mark-applied' | 'rollback' | 'rerun'): string =>
      run.advice === action || (run.advice === 'rollback-then-rerun' && action === 'rollback')
        ? paint(out, 'green', '  ← suggested')
        : '';
    note(out, '  ways out:');
    note(
      out,
      `    strata resolve ${id} --mark-applied   it did all it had to: ` +
        `record the step as done${suggested('mark-applied')}`,
    );
    if (run.rollback.length > 0)
      note(
        out,
        `    strata resolve ${id} --rollback       run the SQL above; ` +
          `the next run starts it afresh${suggested('rollback')}`,
      );
    note(
      out,
      `    strata resolve ${id} --rerun          leave the database as it is; ` +
        `the next run starts it afresh${suggested('rerun')}`,
    );
  }
}
