// The open project, its graph and the selected revision; the welcome screen when the studio
// started without a project, and opening or creating one from it.
import type { Dialect } from '../../shared/model/revision.ts';
import type { Output } from '../../shared/api/contract.ts';
import type { GraphData, ProjectInfo, RevisionDetail } from '../../shared/api/project.ts';
import type { WelcomeInfo } from '../../shared/api/studio.ts';
import { unpackGraph } from '../../shared/model/graph-wire.ts';
import { errorMessage, type SliceCreator } from './studio-store.ts';

export interface ProjectSlice {
  readonly project: ProjectInfo | null;
  readonly graph: GraphData | null;
  readonly projectError: string | null;
  readonly selectedId: string | null;
  readonly detail: RevisionDetail | null;
  readonly detailError: string | null;
  /** Set while the welcome screen shows (the studio started without a project). */
  readonly welcome: WelcomeInfo | null;
  /** Start-up: the welcome screen, or the project. */
  start(): Promise<void>;
  /**
   * Opens (or creates, given a dialect) the project in `dir`. One that loads closes the welcome
   * screen; one with problems leaves it open and is returned, for the screen to show them.
   */
  openProject(dir: string, create?: Dialect): Promise<ProjectInfo>;
  loadProject(): Promise<void>;
  /** The project changed (on disk, or by another window): the graph and the selected revision are asked for again. */
  refreshProject(): Promise<void>;
  /** "Reload project": the service reads the files again (the windows are told), then this one asks again. */
  reloadProject(): Promise<void>;
  select(id: string | null): Promise<void>;
  /** Saves the selected revision and reloads it; undefined when none is selected. */
  saveRevision(upgradeSql: string, downgradeSql: string | null): Promise<Output<'revision.save'> | undefined>;
}

export const createProjectSlice: SliceCreator<ProjectSlice> = (set, get) => ({
  project: null,
  graph: null,
  projectError: null,
  selectedId: null,
  detail: null,
  detailError: null,
  welcome: null,
  async start() {
    // Asked together: the welcome answer is instant, and the project is the first paint.
    const [welcome] = await Promise.all([
      get()
        .client.call('studio.welcome', {})
        .catch(() => null),
      get().loadProject(),
    ]);
    if (welcome?.show) set({ welcome });
  },
  async openProject(dir, create) {
    const { client } = get();
    const info = create
      ? await client.call('project.create', { dir, dialect: create })
      : await client.call('project.open', { dir });
    if (info.problems.length > 0) return info;
    set({ welcome: null, selectedId: null, detail: null });
    await Promise.all([get().loadProject(), get().loadConnections()]);
    return info;
  },
  async loadProject() {
    const { client } = get();
    try {
      // Asked together: the graph is the first paint, and a broken project answers both fast.
      const [project, graph] = await Promise.all([
        client.call('project.info', {}),
        client.call('project.graph', {}).then(unpackGraph, () => null),
      ]);
      if (project.problems.length > 0 || graph === null) {
        set({
          project,
          // The revisions that load, when a file does not: looked at while it is fixed.
          graph,
          projectError:
            project.problems.map((p) => `${p.line > 0 ? `${p.file}:${p.line}` : p.file}: ${p.message}`).join('\n') ||
            'the project graph could not be loaded',
        });
        return;
      }
      set({ project, graph, projectError: null });
      const selected = get().selectedId;
      if (selected && !graph.revisions.some((r) => r.id === selected)) set({ selectedId: null, detail: null });
    } catch (error) {
      set({ projectError: errorMessage(error) });
    }
  },
  async refreshProject() {
    // What is applied is read against the project too: a revision that appeared may be a row's.
    const active = get().activeConnectionId;
    if (active) void get().refreshStatus(active);
    await get().loadProject();
    const id = get().selectedId;
    if (id === null) return;
    try {
      const detail = await get().client.call('revision.get', { id });
      if (get().selectedId === id) set({ detail, detailError: null });
    } catch (error) {
      if (get().selectedId === id) set({ detail: null, detailError: errorMessage(error) });
    }
  },
  async reloadProject() {
    await get().client.call('project.reload', {});
    await get().refreshProject();
  },
  async select(id) {
    set({ selectedId: id, detailError: null });
    if (id === null) {
      set({ detail: null });
      return;
    }
    try {
      const detail = await get().client.call('revision.get', { id });
      if (get().selectedId === id) set({ detail });
    } catch (error) {
      set({ detail: null, detailError: errorMessage(error) });
    }
  },
  async saveRevision(upgradeSql, downgradeSql) {
    const { detail, client } = get();
    if (!detail) return undefined;
    const saved = await client.call('revision.save', { id: detail.id, upgradeSql, downgradeSql });
    await get().loadProject();
    await get().select(detail.id);
    return saved;
  },
});
