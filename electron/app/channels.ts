// The IPC channels between the preload and the main process: one per contract method
// (`strata:invoke:<method>`, one ipcMain.handle each) and one for pushed events.
//
// The preload must stay tiny and cannot load zod in the sandbox, so it does not import the
// contract's values: it checks method names against this table, which the compiler holds
// equal to the contract (a missing or an extra method fails `tsc -p electron/app`), and
// channels.test.ts compares it with METHODS at run time too.
import type { Method } from '../../shared/api/contract.ts';

const METHOD_NAMES = {
  'project.open': true,
  'project.info': true,
  'project.graph': true,
  'project.reload': true,
  'project.create': true,
  'studio.welcome': true,
  'studio.pickFolder': true,
  'revision.get': true,
  'revision.save': true,
  'revision.create': true,
  'lint.project': true,
  'lint.revision': true,
  'lint.applyFix': true,
  'lint.previewFix': true,
  'lint.draft': true,
  'lint.impact': true,
  'connections.list': true,
  'connections.save': true,
  'connections.remove': true,
  'connections.test': true,
  'connections.testSettings': true,
  'connections.unlock': true,
  'database.status': true,
  'database.history': true,
  'run.plan': true,
  'run.planSql': true,
  'run.start': true,
  'run.cancel': true,
  'run.rehearse': true,
  'run.resolve': true,
  'autogen.diff': true,
  'autogen.write': true,
  'merge.analyze': true,
  'merge.create': true,
  'merge.linearizePreview': true,
  'merge.linearize': true,
} as const satisfies Record<Method, true>;

/** The table's names, for the test that holds it equal to the contract's METHODS. */
export function methodNames(): readonly string[] {
  return Object.keys(METHOD_NAMES);
}

export function isMethodName(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHOD_NAMES, name);
}

export function invokeChannel(method: Method): string {
  return `strata:invoke:${method}`;
}

export const EVENT_CHANNEL = 'strata:event';

/** What travels on EVENT_CHANNEL. */
export interface EventMessage {
  readonly event: string;
  readonly payload: unknown;
}
