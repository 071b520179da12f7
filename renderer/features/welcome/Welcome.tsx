// The welcome screen: open a Strata or Alembic project, create one, or try the sample.
// In the desktop app each button opens the native folder picker; in a browser the folder's
// path is typed into the field above them (the bridge runs on this machine, so a path here
// is a path there).
import { useState } from 'react';
import type { Dialect } from '../../../shared/model/revision.ts';
import { errorMessage } from '../../store/studio-store.ts';
import { useStudio, useStudioStore } from '../../store/context.tsx';
import { Button, IconBranch, IconLayers, IconPlus, IconFile, Select, TextField } from '../../ui/index.ts';
import { runWelcomeAction, type WelcomeAction } from './commands.ts';
import './welcome.css';

const PATH_HINT =
  'A path on this machine: the folder with strata.json, or with alembic.ini; for a new project, an empty folder';

function problemText(problems: readonly { file: string; line: number; message: string }[]): string {
  return problems.map((p) => `${p.line > 0 ? `${p.file}:${p.line}` : p.file}: ${p.message}`).join('\n');
}

export function Welcome() {
  const store = useStudioStore();
  const welcome = useStudio((s) => s.welcome);
  const [typedPath, setTypedPath] = useState('');
  const [dialect, setDialect] = useState<Dialect>('sqlite');
  const [busy, setBusy] = useState<WelcomeAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<string | null>(null);
  if (!welcome) return null;
  const typing = !welcome.pickFolder;

  const run = async (action: WelcomeAction): Promise<void> => {
    setBusy(action);
    setError(null);
    setProblems(null);
    try {
      const outcome = await runWelcomeAction(store, { action, typedPath, dialect });
      if (outcome.kind === 'needs-path') setError('Type the folder’s path first');
      if (outcome.kind === 'problems')
        setProblems(
          `${outcome.project.dir} is not a project Strata can open:\n${problemText(outcome.project.problems)}`,
        );
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="welcome" data-testid="welcome">
      <div className="welcome__card">
        <header className="welcome__head">
          <IconLayers className="welcome__logo" aria-hidden="true" />
          <div>
            <h1>Strata</h1>
            <p>Review, lint and run database schema migrations.</p>
          </div>
        </header>
        {typing ? (
          <TextField
            label="Project folder"
            hint={PATH_HINT}
            placeholder="/home/me/app/migrations"
            value={typedPath}
            error={error}
            onChange={(e) => setTypedPath(e.target.value)}
            data-testid="welcome-path"
            spellCheck={false}
            autoFocus
          />
        ) : error ? (
          <p className="welcome__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="welcome__actions">
          <Button
            variant="primary"
            icon={<IconFile />}
            busy={busy === 'open'}
            onClick={() => void run('open')}
            data-testid="welcome-open"
          >
            Open project
          </Button>
          <Button
            icon={<IconBranch />}
            busy={busy === 'alembic'}
            onClick={() => void run('alembic')}
            data-testid="welcome-open-alembic"
          >
            Open Alembic project
          </Button>
          <div className="welcome__new">
            <Button icon={<IconPlus />} busy={busy === 'new'} onClick={() => void run('new')} data-testid="welcome-new">
              New project
            </Button>
            <Select
              label="Dialect"
              value={dialect}
              onChange={(e) => setDialect(e.target.value as Dialect)}
              data-testid="welcome-dialect"
            >
              <option value="sqlite">SQLite</option>
              <option value="postgres">PostgreSQL</option>
            </Select>
          </div>
          {welcome.sample ? (
            <Button
              variant="ghost"
              icon={<IconLayers />}
              busy={busy === 'sample'}
              onClick={() => void run('sample')}
              data-testid="welcome-sample"
            >
              Open the sample
            </Button>
          ) : null}
        </div>
        {problems ? (
          <pre className="problem-list welcome__problems" role="alert" data-testid="welcome-problems">
            {problems}
          </pre>
        ) : null}
      </div>
    </div>
  );
}
