// The left bar: the project at a glance, then every connection with its status. Statuses
// are asked for one connection at a time and independently, so a dead host turns its own
// dot red while the rest of the studio keeps working.
import { useEffect, useRef, useState } from 'react';
import { useStudio, useStudioStore } from '../../store/context.tsx';
import { afterIdle, Button, IconCommand, IconMoon, IconSun, Kbd, shortcutKeys, Tooltip } from '../../ui/index.ts';
import { ConnectionDialog } from './components/ConnectionDialog.tsx';
import { ConnectionList } from './components/ConnectionList.tsx';
import { ProjectSummary } from './components/ProjectSummary.tsx';
import { RemoveConnectionDialog } from './components/RemoveConnectionDialog.tsx';
import { StoreNotice } from './components/StoreNotice.tsx';
import { UnlockDialog } from './components/UnlockDialog.tsx';
import { ConnectionsViewContext, createConnectionsViewStore } from './store.ts';
import './connections.css';

export function ConnectionsSidebar() {
  const [view] = useState(createConnectionsViewStore);
  return (
    <ConnectionsViewContext.Provider value={view}>
      <Sidebar />
    </ConnectionsViewContext.Provider>
  );
}

function Sidebar() {
  useStatusForEveryConnection();
  return (
    <div className="conn-sidebar" data-testid="connections">
      <SidebarHeader />
      <ProjectSummary />
      <StoreNotice />
      <ConnectionList />
      <SidebarFooter />
      <ConnectionDialog />
      <RemoveConnectionDialog />
      <UnlockDialog />
    </div>
  );
}

/** How long the first screen (the graph, or the project's problems) is shown before statuses are asked. */
const FIRST_STATUS_AFTER_MS = 500;

/**
 * Asks for the status of each connection the list has not seen yet. The first time, only once
 * the first screen has been shown a moment and the browser is idle: the first status starts the
 * service's database worker (a few hundred ms of CPU), which would otherwise compete with the
 * first paint and the first click. The dots say "checking" meanwhile.
 */
function useStatusForEveryConnection(): void {
  const studio = useStudioStore();
  const ids = useStudio((s) => s.connections.map((c) => c.id).join('\n'));
  const firstScreen = useStudio((s) => s.graph !== null || s.projectError !== null);
  const started = useRef(false);
  useEffect(() => {
    const ask = (): void => {
      started.current = true;
      const { statuses, refreshStatus } = studio.getState();
      for (const id of ids ? ids.split('\n') : []) if (statuses[id] === undefined) void refreshStatus(id);
    };
    if (started.current) return ask();
    return firstScreen ? afterIdle(FIRST_STATUS_AFTER_MS, ask) : undefined;
  }, [ids, studio, firstScreen]);
}

function SidebarHeader() {
  const theme = useStudio((s) => s.theme);
  const toggleTheme = useStudio((s) => s.toggleTheme);
  const setPaletteOpen = useStudio((s) => s.setPaletteOpen);
  return (
    <header className="conn-brand">
      <span className="conn-brand__mark" aria-hidden="true">
        <svg viewBox="0 0 16 16" width="16" height="16">
          <path d="M2 4.5L8 1.5l6 3-6 3z" fill="currentColor" opacity="0.95" />
          <path
            d="M2 8l6 3 6-3"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinejoin="round"
            opacity="0.7"
          />
          <path
            d="M2 11.5l6 3 6-3"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinejoin="round"
            opacity="0.45"
          />
        </svg>
      </span>
      <span className="conn-brand__name">Strata</span>
      <span className="conn-brand__spacer" />
      <Tooltip
        content={
          <>
            Commands <Kbd keys={shortcutKeys(['Mod', 'K'])} />
          </>
        }
        placement="bottom"
      >
        <Button
          variant="ghost"
          size="sm"
          icon={<IconCommand />}
          aria-label="Open the command palette"
          onClick={() => setPaletteOpen(true)}
          data-testid="open-palette"
        />
      </Tooltip>
      <Tooltip
        content={
          <>
            {theme === 'dark' ? 'Light theme' : 'Dark theme'} <Kbd keys={shortcutKeys(['Mod', 'Alt', 'T'])} />
          </>
        }
        placement="bottom"
      >
        <Button
          variant="ghost"
          size="sm"
          icon={theme === 'dark' ? <IconSun /> : <IconMoon />}
          aria-label={theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme'}
          onClick={toggleTheme}
          data-testid="toggle-theme"
        />
      </Tooltip>
    </header>
  );
}

function SidebarFooter() {
  const setPaletteOpen = useStudio((s) => s.setPaletteOpen);
  return (
    <footer className="conn-footer">
      <button type="button" className="conn-footer__palette" onClick={() => setPaletteOpen(true)}>
        <span>Commands</span>
        <Kbd keys={shortcutKeys(['Mod', 'K'])} />
      </button>
    </footer>
  );
}
