// What the palette offers, built from the studio's state each time it opens or that state
// changes. Commands are data (title, group, what they do); the component only lists,
// filters and runs them. Every command calls a studio action — the palette has no state
// of its own worth keeping.
import type { ConnectionInfo } from '../../../shared/api/connections.ts';
import type { RevisionNode } from '../../../shared/api/project.ts';
import type { StudioState, StudioStore } from '../../store/studio-store.ts';
import { databaseNameOf } from '../connections/index.ts';
import { cancel, closeRun, preview, start, type RunStore } from '../run/index.ts';
import { fuzzyFilter, fuzzyMatch, type FuzzyMatch } from './fuzzy.ts';

export type CommandIcon =
  | 'theme'
  | 'add'
  | 'connection'
  | 'refresh'
  | 'upgrade'
  | 'downgrade'
  | 'step'
  | 'play'
  | 'cancel'
  | 'goto'
  | 'close'
  | 'target'
  | 'merge';

export interface PaletteItem {
  readonly id: string;
  readonly title: string;
  readonly group: string;
  readonly icon: CommandIcon;
  /** Searched but not shown: synonyms ("dark", "light" for the theme). */
  readonly keywords?: string;
  /** A revision id drawn before the title, in the monospace font. */
  readonly code?: string;
  readonly detail?: string;
  readonly shortcut?: readonly string[];
  /** Acts on a protected connection: drawn with the red PROD badge. */
  readonly protected?: boolean;
  readonly action: PaletteAction;
}

export type PaletteAction =
  { readonly kind: 'run'; readonly run: () => void } | { readonly kind: 'ask'; readonly step: PaletteStep };

export interface RankedItem {
  readonly item: PaletteItem;
  readonly match: FuzzyMatch | null;
  /** How many leading characters of `code` the query matched (an id prefix). */
  readonly codeMatch?: number;
}

/** A second question after a command: a revision, a database name… */
export interface PaletteStep {
  readonly title: string;
  readonly placeholder: string;
  readonly protected?: boolean;
  items(query: string): readonly RankedItem[];
}

export function rankItems(items: readonly PaletteItem[], query: string): RankedItem[] {
  return fuzzyFilter(
    items,
    query,
    (i) => i.title,
    (i) => `${i.group} ${i.keywords ?? ''} ${i.detail ?? ''}`,
  );
}

const REVISION_RESULTS = 60;

/** Revisions for a typed id prefix first, then by message; newest first among equals. */
export function rankRevisions(
  revisions: readonly RevisionNode[],
  query: string,
  toItem: (r: RevisionNode) => PaletteItem,
): RankedItem[] {
  const q = query.trim().toLowerCase();
  if (!q) return revisions.slice(0, REVISION_RESULTS).map((r) => ({ item: toItem(r), match: null }));
  const out: RankedItem[] = [];
  const seen = new Set<string>();
  for (const r of revisions) {
    if (out.length >= REVISION_RESULTS) break;
    if (r.id.startsWith(q)) {
      out.push({ item: toItem(r), match: null, codeMatch: q.length });
      seen.add(r.id);
    }
  }
  if (out.length < REVISION_RESULTS) {
    const byText: Array<{ r: RevisionNode; match: FuzzyMatch }> = [];
    for (const r of revisions) {
      if (seen.has(r.id)) continue;
      const match = fuzzyMatch(q, r.message, r.labels.join(' '));
      if (match && match.score > 0) byText.push({ r, match });
    }
    byText.sort((a, b) => b.match.score - a.match.score);
    for (const { r, match } of byText.slice(0, REVISION_RESULTS - out.length)) out.push({ item: toItem(r), match });
  }
  return out;
}

function runNow(run: () => unknown): PaletteAction {
  return { kind: 'run', run: () => void run() };
}

function revisionState(state: StudioState, id: string): string | undefined {
  const status = state.activeConnectionId ? state.statuses[state.activeConnectionId] : undefined;
  if (!status || status === 'loading' || !status.reachable) return undefined;
  if (status.rows.includes(id)) return 'current';
  return status.applied.includes(id) ? 'applied' : 'pending';
}

function revisionStep(
  state: StudioState,
  title: string,
  protectedTarget: boolean,
  pick: (target: string) => void,
  allowRawTarget: boolean,
): PaletteStep {
  const revisions = state.graph?.revisions ?? [];
  const toItem = (r: RevisionNode): PaletteItem => {
    const at = revisionState(state, r.id);
    return {
      id: `rev:${r.id}`,
      title: r.message || '(no message)',
      code: r.id,
      group: 'Revision',
      icon: 'target',
      ...(at ? { detail: at } : {}),
      action: runNow(() => pick(r.id)),
    };
  };
  return {
    title,
    placeholder: allowRawTarget
      ? 'Type a revision id prefix, a message, or a target (-1, base, heads, label@head)…'
      : 'Type a revision id prefix or a message…',
    protected: protectedTarget,
    items(query) {
      const ranked = rankRevisions(revisions, query, toItem);
      const q = query.trim();
      if (allowRawTarget && q && !revisions.some((r) => r.id === q)) {
        ranked.push({
          item: {
            id: `raw:${q}`,
            title: `Use “${q}” as the target`,
            group: 'Target',
            icon: 'target',
            detail: 'resolved by the engine',
            action: runNow(() => pick(q)),
          },
          match: null,
        });
      }
      return ranked;
    },
  };
}

function confirmStep(connection: ConnectionInfo, verb: string, go: (databaseName: string) => void): PaletteStep {
  const expected = databaseNameOf(connection);
  return {
    title: `${verb} on ${connection.name}`,
    placeholder: `Type the database name (${expected}) to confirm`,
    protected: true,
    items(query) {
      const ok = query === expected;
      return [
        {
          item: {
            id: 'confirm',
            title: ok ? `${verb} on ${connection.name}` : `Type “${expected}” to confirm`,
            group: 'Confirm',
            icon: 'play',
            protected: true,
            action: ok ? runNow(() => go(query)) : { kind: 'run', run: () => {} },
          },
          match: null,
        },
      ];
    },
  };
}

export function buildCommands(store: StudioStore, runs: RunStore): PaletteItem[] {
  const state = store.getState();
  const s = () => store.getState();
  const items: PaletteItem[] = [];
  const active = state.connections.find((c) => c.id === state.activeConnectionId);
  const prod = active?.protected === true;
  const run = runs.getState().run;

  // Runs: the plan is shown first; nothing changes until it is started.
  if (active && state.graph) {
    items.push(
      {
        id: 'upgrade-heads',
        title: 'Upgrade all heads',
        group: 'Run',
        icon: 'upgrade',
        keywords: 'migrate latest plan preview',
        detail: active.name,
        protected: prod,
        action: runNow(() => preview(runs, store, 'upgrade', 'heads')),
      },
      {
        id: 'downgrade-base',
        title: 'Downgrade to base',
        group: 'Run',
        icon: 'downgrade',
        keywords: 'revert rollback everything plan preview',
        detail: active.name,
        protected: prod,
        action: runNow(() => preview(runs, store, 'downgrade', 'base')),
      },
      {
        id: 'upgrade-to',
        title: 'Upgrade to revision…',
        group: 'Run',
        icon: 'upgrade',
        keywords: 'migrate target plan',
        detail: active.name,
        protected: prod,
        action: {
          kind: 'ask',
          step: revisionStep(state, 'Upgrade to', prod, (t) => void preview(runs, store, 'upgrade', t), true),
        },
      },
      {
        id: 'downgrade-to',
        title: 'Downgrade to revision…',
        group: 'Run',
        icon: 'downgrade',
        keywords: 'revert rollback target plan',
        detail: active.name,
        protected: prod,
        action: {
          kind: 'ask',
          step: revisionStep(state, 'Downgrade to', prod, (t) => void preview(runs, store, 'downgrade', t), true),
        },
      },
    );
  }
  if (run && (run.phase === 'planned' || run.phase === 'done') && run.steps.length > 0) {
    const runConnection = state.connections.find((c) => c.id === run.connectionId);
    const guarded = runConnection?.protected === true;
    const step = (confirm?: string) =>
      void start(runs, store, { maxSteps: 1, ...(confirm !== undefined ? { confirmDatabaseName: confirm } : {}) });
    const all = (confirm?: string) =>
      void start(runs, store, confirm !== undefined ? { confirmDatabaseName: confirm } : {});
    items.push(
      {
        id: 'step-one',
        title: 'Step one revision',
        group: 'Run',
        icon: 'step',
        keywords: 'next single',
        detail: `${run.direction} · ${run.steps.length} in plan`,
        protected: guarded,
        action:
          guarded && runConnection
            ? { kind: 'ask', step: confirmStep(runConnection, 'Step one revision', step) }
            : runNow(() => step()),
      },
      {
        id: 'run-plan',
        title: 'Run the plan',
        group: 'Run',
        icon: 'play',
        keywords: 'start execute apply',
        detail: `${run.direction} to ${run.target} · ${run.steps.length} ${run.steps.length === 1 ? 'step' : 'steps'}`,
        protected: guarded,
        action:
          guarded && runConnection
            ? { kind: 'ask', step: confirmStep(runConnection, 'Run the plan', all) }
            : runNow(() => all()),
      },
    );
  }
  if (run && run.phase === 'planned' && run.steps.length > 0) {
    const { connectionId, direction, target } = run;
    items.push({
      id: 'copy-plan-sql',
      title: 'Copy plan as SQL',
      group: 'Run',
      icon: 'goto',
      keywords: 'offline script clipboard export --sql',
      detail: `${direction} to ${target} · ${run.steps.length} ${run.steps.length === 1 ? 'step' : 'steps'}`,
      action: runNow(async () => {
        const { sql } = await s().client.call('run.planSql', { connectionId, direction, target });
        await navigator.clipboard.writeText(sql);
      }),
    });
  }
  if (run && (run.phase === 'running' || run.phase === 'starting')) {
    items.push({
      id: 'cancel-run',
      title: 'Cancel run',
      group: 'Run',
      icon: 'cancel',
      keywords: 'stop abort',
      ...(run.current ? { detail: run.current } : {}),
      action: runNow(() => cancel(runs, store)),
    });
  }
  if (run && run.phase !== 'running' && run.phase !== 'starting') {
    items.push({
      id: 'close-run',
      title: 'Close the run console',
      group: 'Run',
      icon: 'close',
      keywords: 'dismiss plan clear',
      action: runNow(() => closeRun(runs)),
    });
  }

  if (state.graph && state.graph.heads.length > 1) {
    items.push({
      id: 'merge-heads',
      title: 'Merge heads',
      group: 'Revision',
      icon: 'merge',
      keywords: 'branches conflicts linearize rebase join',
      detail: `${state.graph.heads.length} heads`,
      action: runNow(() => s().openMerge()),
    });
  }
  if (state.graph) {
    items.push({
      id: 'autogenerate',
      title: 'Autogenerate revision',
      group: 'Revision',
      icon: 'add',
      keywords: 'diff schema.sql review generate new migration compare',
      detail: active ? `against ${active.name}` : 'against the heads',
      action: runNow(() => s().setReviewOpen(true)),
    });
  }
  if (state.graph && state.graph.revisions.length > 0) {
    items.push({
      id: 'goto',
      title: 'Go to revision…',
      group: 'Revision',
      icon: 'goto',
      keywords: 'select find open jump',
      action: { kind: 'ask', step: revisionStep(state, 'Go to', false, (id) => void s().select(id), false) },
    });
  }

  // Authoring: a new revision on a head, the project read again, the selected revision's editor.
  if (state.graph) {
    items.push({
      id: 'new-revision',
      title: 'New revision',
      group: 'Revision',
      icon: 'add',
      keywords: 'create write add migration file',
      ...(state.selectedId ? { detail: `on ${state.selectedId}` } : {}),
      action: runNow(() => s().openNewRevision(state.selectedId)),
    });
  }
  if (state.selectedId && state.detail?.id === state.selectedId) {
    const id = state.selectedId;
    items.push({
      id: 'open-in-editor',
      title: 'Open in editor',
      group: 'Revision',
      icon: 'goto',
      keywords: 'edit sql change',
      code: id,
      action: runNow(() => s().requestEdit(id)),
    });
  }
  items.push({
    id: 'reload-project',
    title: 'Reload project',
    group: 'Project',
    icon: 'refresh',
    keywords: 'refresh read again files disk',
    detail: state.project?.name ?? '',
    action: runNow(() => s().reloadProject()),
  });

  // Connections.
  for (const c of state.connections) {
    const isActive = c.id === state.activeConnectionId;
    items.push({
      id: `switch:${c.id}`,
      title: `Switch to ${c.name}`,
      group: 'Connection',
      icon: 'connection',
      keywords: `connection use select ${c.settings.kind === 'sqlite' ? 'sqlite' : 'postgres postgresql'}`,
      detail: isActive ? 'active' : c.settings.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL',
      protected: c.protected,
      action: runNow(() => s().setActiveConnection(c.id)),
    });
  }
  if (active) {
    items.push({
      id: 'refresh',
      title: 'Refresh status',
      group: 'Connection',
      icon: 'refresh',
      keywords: 'reload check reachable applied',
      detail: active.name,
      protected: prod,
      action: runNow(() => s().refreshStatus(active.id)),
    });
  }
  if (state.connections.length > 1) {
    items.push({
      id: 'refresh-all',
      title: 'Refresh every connection’s status',
      group: 'Connection',
      icon: 'refresh',
      keywords: 'reload check all',
      action: runNow(() => state.connections.forEach((c) => void s().refreshStatus(c.id))),
    });
  }
  items.push({
    id: 'add-connection',
    title: 'Add connection…',
    group: 'Connection',
    icon: 'add',
    keywords: 'new database postgres sqlite create',
    action: runNow(() => s().setConnectionsOpen(true)),
  });

  items.push({
    id: 'toggle-theme',
    title: 'Toggle theme',
    group: 'View',
    icon: 'theme',
    keywords: 'dark light appearance colour color',
    detail: state.theme === 'dark' ? 'to light' : 'to dark',
    shortcut: ['Mod', 'Alt', 'T'],
    action: runNow(() => s().toggleTheme()),
  });
  return items;
}
