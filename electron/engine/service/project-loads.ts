// Whether a fresh read of the project is the project the studio already holds: a watcher
// fires for writes that change nothing (a `touch`, the studio's own save seen again, a
// checkout that rewrites a file byte for byte), and a load that is the same keeps the graph,
// the lint and the inspector as they are and tells no window.
import type { Revision } from '../../../shared/model/revision.ts';
import type { OpenedProject } from '../usecases/project.ts';

function sameRevision(a: Revision, b: Revision): boolean {
  return (
    a.id === b.id &&
    a.file === b.file &&
    a.message === b.message &&
    a.created === b.created &&
    a.transactional === b.transactional &&
    a.upgradeSql === b.upgradeSql &&
    a.downgradeSql === b.downgradeSql &&
    a.upgradeLine === b.upgradeLine &&
    a.downgradeLine === b.downgradeLine &&
    a.parents.join() === b.parents.join() &&
    a.dependsOn.join() === b.dependsOn.join() &&
    a.branchLabels.join() === b.branchLabels.join()
  );
}

export function sameLoad(a: OpenedProject, b: OpenedProject): boolean {
  if (a.dir !== b.dir || JSON.stringify(a.problems) !== JSON.stringify(b.problems)) return false;
  if (a.project === undefined || b.project === undefined) return a.project === b.project;
  const [x, y] = [a.project, b.project];
  if (JSON.stringify(x.config) !== JSON.stringify(y.config)) return false;
  if (x.alembic?.hasSql !== y.alembic?.hasSql || x.alembic?.sqlKey !== y.alembic?.sqlKey) return false;
  if (x.map.order.length !== y.map.order.length) return false;
  for (let i = 0; i < x.map.order.length; i++) {
    const id = x.map.order[i];
    if (id === undefined || id !== y.map.order[i] || !y.map.has(id)) return false;
    if (!sameRevision(x.map.get(id), y.map.get(id))) return false;
  }
  return true;
}
