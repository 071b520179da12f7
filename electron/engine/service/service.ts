// The handlers behind shared/api: what all three doors (Electron IPC, the bridge, tests)
// call. Project questions are answered here from the files; database work goes to one
// worker per connection, so the calling thread never waits on a database.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ConnectionInfo } from '../../../shared/api/connections.ts';
import type { EventName, EventReply, ParsedInput, Reply } from '../../../shared/api/contract.ts';
import { ApiFailure } from '../../../shared/api/error-codes.ts';
import type { GraphWire, RevisionNode } from '../../../shared/api/project.ts';
import type { FolderPurpose } from '../../../shared/api/studio.ts';
import { checkedEmit, type ContractViolation, type Handlers } from '../../../shared/rpc/dispatcher.ts';
import { confirmsDatabase, databaseNameOf } from '../../../shared/model/connection.ts';
import type { RevisionId } from '../../../shared/model/revision.ts';
import { packGraph } from '../../../shared/model/graph-wire.ts';
import { applyFix } from '../lint/fixes.ts';
import { writeFileAtomic } from '../project/atomic-write.ts';
import { parsedRevisionFile, type Project } from '../project/project.ts';
import { renderRevisionFile, revisionChecksum } from '../project/revision-file.ts';
import {
  connectionTarget,
  embeddedDatabasePath,
  requireProjectDialect,
  type DatabaseTarget,
} from '../usecases/database.ts';
import { engineErrorToApi } from '../usecases/errors.ts';
import { graphKey, openProjectWithProblems, requireNative, type OpenedProject } from '../usecases/project.ts';
import { createProject, createRevision, DOWNGRADE_PLACEHOLDER, UPGRADE_PLACEHOLDER } from '../usecases/revisions.ts';
import { withAlembicSql } from '../usecases/alembic.ts';
import { offlineScriptFromRows } from '../usecases/offline.ts';
import { ConnectionStore, DEFAULT_CONNECTION_ID, type StoredConnection } from './connection-store.ts';
import { DatabaseHost } from './database-host.ts';
import { LintHost } from './lint-host.ts';
import { mergeHandlers } from './merge-handlers.ts';
import { sameLoad } from './project-loads.ts';
import { ProjectWatcher, projectFolders } from './project-watcher.ts';
import type { SecretStore } from './secrets.ts';
import type { AutogenRequestData, RunEventMessage } from './worker-protocol.ts';

/** The worker that builds the heads on a shadow database: no connection's (ids cannot hold a colon). */
const AUTOGEN_HEADS_HOST = 'autogen:heads';

/** The worker that tests a connection as the dialog has it, saved or not (ids cannot start with a NUL). */
const TEST_HOST = '\0test';

/** Runs `work`, an engine error (a refused dialect) becoming the contract's error with its message. */
function apiErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    const api = engineErrorToApi(error);
    throw new ApiFailure(api.code, api.message);
  }
}

/** How long a fix preview waits for the statuses of connections never asked before. */
const STATUS_WAIT_MS = 3000;

export interface ServiceOptions {
  readonly projectDir: string;
  readonly configDir: string;
  readonly secrets: SecretStore;
  readonly emit: <E extends EventName>(event: E, payload: EventReply<E>) => void;
  /**
   * Told of an event payload the contract does not allow (checked in tests and development
   * builds; shared/rpc/dispatcher.ts): it is not sent. Default: a process warning.
   */
  readonly onContractViolation?: (violation: ContractViolation) => void;
  /** The first screen: whether the door started without a project, and its sample project. */
  readonly welcome?: { readonly show: boolean; readonly sample: string | null };
  /** The desktop app's folder picker (undefined elsewhere): the chosen folder, or null. */
  readonly pickFolder?: (purpose: FolderPurpose) => Promise<string | null>;
  /** Whether the project's files are watched and read again when they change (default true). */
  readonly watch?: boolean;
}

export interface Service {
  readonly handlers: Handlers;
  dispose(): Promise<void>;
}

export function createService(options: ServiceOptions): Service {
  const emit = checkedEmit(options.emit, {
    onViolation:
      options.onContractViolation ?? ((violation) => process.emitWarning(violation.message, 'ContractViolation')),
  });
  const store = new ConnectionStore(options.configDir);
  const hosts = new Map<string, DatabaseHost>();
  const statuses = new Map<string, Reply<'database.status'>>();
  const unlocked = new Set<string>();
  const activeRuns = new Map<string, { connectionId: string; runId: string }>();
  let state: OpenedProject = openProjectWithProblems(resolve(options.projectDir));
  // Lint of the whole project, in a worker: it takes seconds on a large project, and each
  // revision's lint depends on every revision before it (lint-worker.ts).
  const lint = new LintHost(() => state.dir);
  /**
   * An Alembic project's SQL is rendered by its own alembic, offline, in a child process
   * (seconds for a large project): started when the project opens, awaited by what shows or
   * lints SQL. When it fails (no alembic, a module that raises), the graph stays and the
   * reason is one of the project's problems.
   */
  let alembicSql: Promise<void> | undefined;
  const stopAlembic = new AbortController();
  const renderAlembicSql = (): void => {
    const project = state.project;
    alembicSql = undefined;
    if (!project?.alembic || project.alembic.hasSql) return;
    const configFile = project.alembic.config.configFile;
    alembicSql = withAlembicSql(project, { signal: stopAlembic.signal }).then(
      () => {
        if (state.project === project) reload(project.dir);
      },
      (error: unknown) => {
        if (state.project === project)
          state = {
            ...state,
            problems: [
              ...state.problems,
              {
                file: configFile,
                line: 0,
                message: `no SQL for the revisions: ${error instanceof Error ? error.message : String(error)}`,
              },
            ],
          };
      },
    );
  };
  /** One more each time the project is read again and is not what it was. */
  let generation = 1;
  const watcher = new ProjectWatcher(() => reload(state.dir));
  const watchFolders = (loaded: OpenedProject): void => {
    if (options.watch !== false) watcher.watch(projectFolders(loaded.dir, loaded.project));
  };
  /**
   * Reads the project again (it changed on disk, the studio wrote it, or another one is
   * opened); lint follows, and every window is told. A read that finds the same project
   * keeps the one held, so what was built from it (the graph, lint) stays — unless the user
   * asked for the project to be opened again (`fresh`).
   */
  const reload = (dir: string, fresh = false): void => {
    const before = state;
    const after = openProjectWithProblems(dir);
    watchFolders(after);
    const same = sameLoad(before, after);
    if (same && !fresh) return;
    state = after;
    if (!same) generation++;
    lint.reloaded(before.project, state.project, before.dir !== state.dir);
    renderAlembicSql();
    emit('project.changed', projectInfo());
  };
  /** A change the watcher has seen but not told yet is read now: an answer is never older than the disk. */
  const current = (): void => watcher.flush();
  renderAlembicSql();
  watchFolders(state);

  const requireProject = (): Project => {
    if (state.project) return state.project;
    throw new ApiFailure('project', `the project in ${state.dir} cannot be loaded`, { problems: state.problems });
  };

  const builtIn = (): StoredConnection | undefined => {
    const sqlite = state.project ? embeddedDatabasePath(state.project) : undefined;
    return sqlite
      ? {
          id: DEFAULT_CONNECTION_ID,
          name: `${basename(state.dir)} (embedded)`,
          settings: { kind: 'sqlite', path: sqlite },
          protected: false,
        }
      : undefined;
  };

  const all = (): StoredConnection[] => {
    const b = builtIn();
    return [...(b ? [b] : []), ...store.listFor(state.dir)];
  };

  const find = (id: string): StoredConnection => {
    const c = all().find((x) => x.id === id);
    if (!c) throw new ApiFailure('not-found', `no connection '${id}'`);
    return c;
  };

  const info = (c: StoredConnection): ConnectionInfo => ({
    id: c.id,
    name: c.name,
    settings: c.settings,
    protected: c.protected,
    hasPassword: options.secrets.get(c.id) !== undefined,
    secretStorage: c.settings.kind === 'sqlite' ? 'none' : options.secrets.kind,
    builtIn: c.id === DEFAULT_CONNECTION_ID,
    ...(c.protected ? { unlocked: unlocked.has(c.id) } : {}),
    shared: c.id !== DEFAULT_CONNECTION_ID && c.project === undefined,
  });

  /** A connection of another dialect than the project's is refused with the CLI's words, before anything reads it. */
  const dialectChecked = (target: DatabaseTarget, source: string): DatabaseTarget =>
    state.project ? apiErrors(() => requireProjectDialect(target, state.project as Project, source)) : target;

  const targetOf = (c: StoredConnection): DatabaseTarget =>
    dialectChecked(
      connectionTarget(c.settings, c.settings.kind === 'postgres' ? options.secrets.get(c.id) : undefined, state.dir),
      `the connection '${c.name}'`,
    );

  const hostOf = (id: string): DatabaseHost => {
    let host = hosts.get(id);
    if (!host) {
      host = new DatabaseHost((runId, event) => onRunEvent(id, runId, event));
      hosts.set(id, host);
    }
    return host;
  };

  const dropHost = async (id: string): Promise<void> => {
    const host = hosts.get(id);
    hosts.delete(id);
    statuses.delete(id);
    await host?.dispose();
  };

  const refreshStatus = async (id: string): Promise<Reply<'database.status'>> => {
    const c = find(id);
    const checkedAt = new Date().toISOString();
    let status: Reply<'database.status'>;
    try {
      const value = await hostOf(id).request('status', { target: targetOf(c), projectDir: state.dir });
      status = { connectionId: id, reachable: true, error: null, ...value, checkedAt };
    } catch (error) {
      status = {
        connectionId: id,
        reachable: false,
        error: error instanceof Error ? error.message : String(error),
        rows: [],
        applied: [],
        unknownRows: [],
        interrupted: [],
        checkedAt,
      };
    }
    statuses.set(id, status);
    emit('database.status', status);
    return status;
  };

  const onRunEvent = (connectionId: string, runId: string, event: RunEventMessage['event']): void => {
    emit('run.event', { runId, connectionId, event });
    if (event.type === 'done' || event.type === 'failed') {
      activeRuns.delete(connectionId);
      void refreshStatus(connectionId).catch(() => {});
    }
  };

  const node = (project: Project, id: RevisionId, allLabels: boolean): RevisionNode => {
    const { map } = project;
    const r = map.get(id);
    const isHead = map.isHead(id);
    return {
      id,
      parents: [...r.parents],
      dependsOn: [...r.dependsOn],
      labels: allLabels || isHead ? [...map.labelsOf(id)] : [],
      declaredLabels: [...r.branchLabels],
      message: r.message,
      created: r.created ?? null,
      transactional: r.transactional,
    };
  };

  // The graph of a loaded project, built once: every window (and every reload of the page)
  // asks for it, and at 50,000 revisions building it is a tenth of a second of this thread.
  let graphOf: { readonly project: Project; readonly wire: GraphWire } | undefined;
  const graph = (project: Project): GraphWire => {
    if (graphOf?.project !== project) {
      const { map } = project;
      graphOf = {
        project,
        wire: packGraph({
          revisions: [...map.order].reverse().map((id) => node(project, id, false)),
          heads: [...map.heads],
          bases: [...map.bases],
          generation,
        }),
      };
    }
    return graphOf.wire;
  };

  const projectInfo = (): Reply<'project.info'> => ({
    dir: state.dir,
    name: basename(state.dir),
    dialect: state.project?.config.dialect ?? 'sqlite',
    revisionCount: state.project?.map.order.length ?? 0,
    heads: state.project ? [...state.project.map.heads] : [],
    problems: state.problems,
    connectionsNotice: store.notice,
    generation,
  });

  const keys = new WeakMap<Project, string>();
  const keyOf = (project: Project): string => {
    let key = keys.get(project);
    if (key === undefined) keys.set(project, (key = graphKey(project)));
    return key;
  };

  /** Protected connections: the database name typed for every change; downgrade only when unlocked. */
  const guard = (c: StoredConnection, direction: 'upgrade' | 'downgrade', typed: string | undefined): void => {
    if (!c.protected) return;
    if (!confirmsDatabase(c.settings, typed))
      throw new ApiFailure(
        'protected',
        `'${c.name}' is protected: type the database name (${databaseNameOf(c.settings)}) to confirm this ${direction}`,
      );
    if (direction === 'downgrade' && !unlocked.has(c.id))
      throw new ApiFailure(
        'protected',
        `'${c.name}' is protected: downgrade is refused unless the connection is unlocked for this session`,
      );
  };

  // Shown until a project is opened or created, so a reload of the page keeps it.
  let welcome = options.welcome?.show ?? false;
  const open = async (dir: string): Promise<Reply<'project.open'>> => {
    reload(dir, true);
    welcome = false;
    for (const id of [...hosts.keys()]) await dropHost(id);
    return projectInfo();
  };

  /** The worker and request of an autogenerate: the connection's worker, or one of its own for the heads. */
  const autogenOf = (input: ParsedInput<'autogen.diff'>): { host: DatabaseHost; request: AutogenRequestData } => {
    const c = input.source.kind === 'connection' ? find(input.source.connectionId) : undefined;
    const request: AutogenRequestData = {
      target: c ? targetOf(c) : undefined,
      projectDir: state.dir,
      shadowUrl: input.shadowUrl,
      renames: input.renames,
      include: input.include,
    };
    return { host: hostOf(c ? c.id : AUTOGEN_HEADS_HOST), request };
  };

  /** The connections whose last known status has the revision applied. */
  const appliedOn = (id: string): { connectionId: string; name: string }[] =>
    [...statuses.values()]
      .filter((st) => st.applied.includes(id) && all().some((c) => c.id === st.connectionId))
      .map((st) => ({ connectionId: st.connectionId, name: find(st.connectionId).name }));

  /**
   * Every connection's status known, not only the active one's: those never asked are asked
   * now, for as long as STATUS_WAIT_MS (an unreachable server is not waited for).
   */
  const knowAllStatuses = async (): Promise<void> => {
    const unknown = all().filter((c) => !statuses.has(c.id));
    if (unknown.length === 0) return;
    const asked = Promise.allSettled(unknown.map((c) => refreshStatus(c.id)));
    await Promise.race([asked, new Promise((done) => setTimeout(done, STATUS_WAIT_MS))]);
  };

  /** The merge analysis' worker: not any connection's, so an analysis never waits behind a run. */
  const MERGE_HOST = '\0merge';

  const handlers: Handlers = {
    ...mergeHandlers({
      projectDir: () => state.dir,
      requireProject,
      reload: () => reload(state.dir),
      // A shared connection of another dialect has nothing to say about this project's branches.
      connections: () =>
        all().flatMap((c) => {
          try {
            return [{ id: c.id, name: c.name, target: targetOf(c) }];
          } catch {
            return [];
          }
        }),
      status: refreshStatus,
      analysisHost: () => hostOf(MERGE_HOST),
    }),
    'project.open': async ({ dir }) => open(resolve(dir ?? state.dir)),
    'project.create': async ({ dir, dialect }) => {
      try {
        createProject(resolve(dir), dialect);
      } catch (error) {
        const api = engineErrorToApi(error);
        throw new ApiFailure(api.code, api.message);
      }
      return open(resolve(dir));
    },
    'studio.welcome': async () => ({
      show: welcome,
      sample: options.welcome?.sample ?? null,
      pickFolder: options.pickFolder !== undefined,
    }),
    // Without a picker (the bridge) nothing is picked; studio.welcome told the page so.
    'studio.pickFolder': async ({ purpose }) => ({
      dir: options.pickFolder ? await options.pickFolder(purpose) : null,
    }),
    'project.reload': async () => {
      reload(state.dir, true);
      return projectInfo();
    },
    'project.info': async () => {
      current();
      return projectInfo();
    },
    'project.graph': async () => {
      current();
      return graph(requireProject());
    },
    'revision.get': async ({ id }) => {
      current();
      await alembicSql;
      const project = requireProject();
      if (!project.map.has(id)) throw new ApiFailure('not-found', `no revision ${id}`);
      const r = project.map.get(id);
      return {
        ...node(project, id, true),
        file: r.file,
        upgradeSql: r.upgradeSql,
        downgradeSql: r.downgradeSql ?? null,
        upgradeLine: r.upgradeLine,
        downgradeLine: r.downgradeLine ?? null,
        checksum: r.checksum,
        children: [...project.map.childrenOf(r.id)],
      };
    },
    'revision.save': async ({ id, upgradeSql, downgradeSql }) => {
      const project = requireProject();
      requireNative(project, 'editing a revision in the studio');
      const parsed = project.map.has(id) ? parsedRevisionFile(project, id) : undefined;
      if (!parsed || parsed.file.data.id !== id) throw new ApiFailure('not-found', `no revision ${id}`);
      const data = { ...parsed.file.data, upgradeSql, downgradeSql: downgradeSql ?? undefined };
      writeFileAtomic(parsed.path, renderRevisionFile(data, parsed.file.layout));
      reload(state.dir);
      return { checksum: revisionChecksum(data), appliedOn: appliedOn(id) };
    },
    'revision.create': async ({ message, parent, branchLabel, dependsOn, transactional }) => {
      current();
      let written;
      try {
        written = createRevision(requireProject(), {
          message,
          parents: parent === undefined ? [] : [parent],
          branchLabels: branchLabel?.trim() ? [branchLabel.trim()] : [],
          dependsOn,
          transactional,
          upgradeSql: UPGRADE_PLACEHOLDER,
          downgradeSql: DOWNGRADE_PLACEHOLDER,
        });
      } catch (error) {
        const api = engineErrorToApi(error);
        throw new ApiFailure(api.code, api.message);
      }
      reload(state.dir);
      const project = requireProject();
      const file = project.map.has(written.revision) ? project.map.get(written.revision).file : written.file;
      return { id: written.revision, file, parents: [...written.parents] };
    },
    'lint.project': async () => {
      await alembicSql;
      requireProject();
      return lint.summary();
    },
    'lint.revision': async ({ id }) => {
      await alembicSql;
      if (!requireProject().map.has(id)) throw new ApiFailure('not-found', `no revision ${id}`);
      return lint.revision(id);
    },
    'lint.impact': async ({ connectionId, revisions }) => {
      const project = requireProject();
      const c = find(connectionId);
      for (const revision of revisions)
        if (!project.map.has(revision)) throw new ApiFailure('not-found', `no revision ${revision}`);
      const wanted = await lint.statements(revisions);
      return hostOf(connectionId).request('impact', { target: targetOf(c), revisions: wanted });
    },
    'lint.applyFix': async ({ id, rule, line, index }) => {
      // Judge the file as it is on disk now: the edits' positions are positions in it.
      reload(state.dir);
      const project = requireProject();
      if (!project.map.has(id)) throw new ApiFailure('not-found', `no revision ${id}`);
      const fix = await lint.fix(id, rule, line, index);
      const file = resolve(project.map.get(id).file);
      writeFileAtomic(file, applyFix(readFileSync(file, 'utf8'), fix, file));
      reload(state.dir);
      const after = requireProject();
      if (!after.map.has(id)) throw new ApiFailure('project', `revision ${id} cannot be read after the fix`);
      return { checksum: after.map.get(id).checksum, lint: await lint.revision(id) };
    },
    'lint.previewFix': async ({ id, rule, line, index }) => {
      reload(state.dir);
      const project = requireProject();
      if (!project.map.has(id)) throw new ApiFailure('not-found', `no revision ${id}`);
      const [fix] = await Promise.all([lint.fix(id, rule, line, index), knowAllStatuses()]);
      const file = resolve(project.map.get(id).file);
      const before = readFileSync(file, 'utf8');
      return {
        file,
        before,
        after: applyFix(before, fix, file),
        description: fix.description,
        appliedOn: appliedOn(id),
      };
    },
    'lint.draft': async ({ id, upgradeSql, upgradeLine, transactional }) => {
      await alembicSql;
      const project = requireProject();
      if (id !== undefined && !project.map.has(id)) throw new ApiFailure('not-found', `no revision ${id}`);
      return lint.draft({ revision: id, upgradeSql, upgradeLine, transactional });
    },
    'connections.list': async () => all().map(info),
    'connections.save': async (input) => {
      if (input.id === DEFAULT_CONNECTION_ID)
        throw new ApiFailure('invalid-input', 'the embedded default connection is defined by strata.json');
      // Refused before it is stored: a connection of the wrong dialect is of no use to this project.
      const shared = input.shared === true;
      if (!shared)
        dialectChecked(connectionTarget(input.settings, undefined, state.dir), `the connection '${input.name}'`);
      const saved = store.save({
        id: input.id,
        name: input.name,
        settings: input.settings,
        protected: input.protected,
        project: shared ? undefined : state.dir,
      });
      if (input.password === null) options.secrets.delete(saved.id);
      else if (input.password !== undefined) options.secrets.set(saved.id, input.password);
      await dropHost(saved.id);
      return info(saved);
    },
    'connections.remove': async ({ id }) => {
      if (id === DEFAULT_CONNECTION_ID)
        throw new ApiFailure('invalid-input', 'the embedded default connection cannot be removed');
      await dropHost(id);
      options.secrets.delete(id);
      unlocked.delete(id);
      return { removed: store.remove(id) };
    },
    'connections.test': async ({ id }) => {
      const c = find(id);
      const target = connectionTarget(
        c.settings,
        c.settings.kind === 'postgres' ? options.secrets.get(c.id) : undefined,
        state.dir,
      );
      return hostOf(id).request('test', { target });
    },
    'connections.testSettings': async ({ settings, password, id }) => {
      const stored =
        password ?? (id !== undefined && id !== DEFAULT_CONNECTION_ID ? options.secrets.get(id) : undefined);
      // Only whether it answers: a connection of another dialect is refused when saved or used.
      const target = connectionTarget(settings, settings.kind === 'postgres' ? stored : undefined, state.dir);
      return hostOf(TEST_HOST).request('test', { target });
    },
    'connections.unlock': async ({ id, databaseName: typed }) => {
      const c = find(id);
      if (!confirmsDatabase(c.settings, typed))
        throw new ApiFailure('protected', `the name typed does not match the database name of '${c.name}'`);
      unlocked.add(id);
      return { unlocked: true };
    },
    'database.status': async ({ id }) => refreshStatus(id),
    'database.history': async ({ connectionId, revision }) => {
      const c = find(connectionId);
      return hostOf(connectionId).request('history', { target: targetOf(c), projectDir: state.dir, revision });
    },
    'run.plan': async ({ connectionId, direction, target }) => {
      current();
      requireProject();
      const c = find(connectionId);
      const plan = () =>
        hostOf(connectionId).request('plan', { target: targetOf(c), projectDir: state.dir, direction, spec: target });
      // The worker reads the project itself. Should the disk have changed since the graph's
      // load (a watcher not yet told), the project is read again here and the plan made
      // again, so the plan and the graph come from the same files.
      for (let attempt = 0; attempt < 3; attempt++) {
        const { graphKey: key, ...planned } = await plan();
        if (key === keyOf(requireProject())) return { ...planned, generation };
        reload(state.dir);
        if (key === keyOf(requireProject())) return { ...planned, generation };
      }
      throw new ApiFailure('project', `the project in ${state.dir} keeps changing on disk: plan again when it settles`);
    },
    'run.planSql': async (input) => {
      const plan = await handlers['run.plan'](input);
      const sql = offlineScriptFromRows(requireProject(), {
        direction: input.direction,
        target: input.target,
        rows: plan.rows,
        singleTransaction: false,
        settings: {},
      });
      return { sql, steps: plan.steps.length };
    },
    'run.start': async (input) => {
      const { connectionId, direction, target, singleTransaction, maxSteps, confirmDatabaseName } = input;
      requireProject();
      const c = find(connectionId);
      // A stamp moves the version table as a run would: confirmed the same way (a stamp down as a downgrade).
      guard(c, direction, confirmDatabaseName);
      if (activeRuns.has(connectionId)) throw new ApiFailure('busy', `a run is already going on '${c.name}'`);
      const runId = `run-${randomBytes(8).toString('hex')}`;
      activeRuns.set(connectionId, { connectionId, runId });
      try {
        return await hostOf(connectionId).request('run', {
          runId,
          target: targetOf(c),
          projectDir: state.dir,
          direction,
          spec: target,
          singleTransaction,
          maxSteps,
          stamp: input.stamp ?? false,
          lockTimeout: input.lockTimeout,
          retries: input.retries,
        });
      } catch (error) {
        activeRuns.delete(connectionId);
        throw error instanceof ApiFailure
          ? error
          : new ApiFailure(engineErrorToApi(error).code, engineErrorToApi(error).message);
      }
    },
    'run.rehearse': async ({ connectionId, target, confirmDatabaseName }) => {
      requireProject();
      const c = find(connectionId);
      // The rehearsal is rolled back, but it takes the real locks for its duration.
      guard(c, 'upgrade', confirmDatabaseName);
      if (activeRuns.has(connectionId)) throw new ApiFailure('busy', `a run is already going on '${c.name}'`);
      return hostOf(connectionId).request('rehearse', { target: targetOf(c), projectDir: state.dir, spec: target });
    },
    'run.resolve': async ({ connectionId, revision, action, confirmDatabaseName }) => {
      requireProject();
      const c = find(connectionId);
      // Marking a step applied moves the version table as an upgrade (or downgrade) would.
      guard(c, 'upgrade', confirmDatabaseName);
      if (activeRuns.has(connectionId)) throw new ApiFailure('busy', `a run is already going on '${c.name}'`);
      try {
        return await hostOf(connectionId).request('resolve', {
          target: targetOf(c),
          projectDir: state.dir,
          revision,
          action,
        });
      } finally {
        void refreshStatus(connectionId).catch(() => {});
      }
    },
    'autogen.diff': async (input) => {
      requireProject();
      const { host, request } = autogenOf(input);
      return host.request('autogenDiff', request);
    },
    'autogen.write': async (input) => {
      requireProject();
      const { host, request } = autogenOf(input);
      try {
        return await host.request('autogenWrite', { ...request, message: input.message, reviewed: input.reviewed });
      } finally {
        reload(state.dir);
      }
    },
    'run.cancel': async ({ runId }) => {
      const run = [...activeRuns.values()].find((r) => r.runId === runId);
      if (!run) return { cancelled: false };
      return hostOf(run.connectionId).request('cancel', { runId });
    },
  };

  return {
    handlers,
    async dispose() {
      watcher.close();
      stopAlembic.abort();
      for (const id of [...hosts.keys()]) await dropHost(id);
      await lint.dispose();
    },
  };
}
