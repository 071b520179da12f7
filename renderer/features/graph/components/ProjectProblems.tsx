// A project file that does not load, shown where the graph is: each problem with its file,
// line and the parser's message. When the rest of the project still loads, the graph stays
// below it (`partial`), so the revisions that do load can be looked at while the file is fixed.
import { useStudio } from '../../../store/context.tsx';

const NONE: never[] = [];

export function ProjectProblems() {
  const problems = useStudio((s) => s.project?.problems ?? NONE);
  // When there are no problems to list: the project could not be asked at all.
  const fallback = useStudio((s) => s.projectError);
  const partial = useStudio((s) => s.graph !== null);
  const files = new Set(problems.filter((p) => p.line > 0).map((p) => p.file)).size;
  const which = files === 1 ? 'A file' : `${files || problems.length} files`;
  const title = partial ? `${which} of the project cannot be read — the rest is shown` : 'The project cannot be loaded';
  return (
    <div
      className={`project-error${partial ? ' project-error-partial' : ''}`}
      role="alert"
      data-testid="project-error"
      data-partial={partial}
    >
      <h2>{title}</h2>
      {problems.length === 0 ? (
        <pre>{fallback ?? 'the project graph could not be loaded'}</pre>
      ) : (
        <ul className="problem-list">
          {problems.map((p, i) => (
            <li key={i} data-testid="project-problem" data-file={p.file} data-line={p.line}>
              <code className="problem-where">{p.line > 0 ? `${p.file}:${p.line}` : p.file}</code>
              <span className="problem-message">{p.message}</span>
            </li>
          ))}
        </ul>
      )}
      {problems.length > 0 && (
        <p className="problem-hint">Fix the file and save: the project is read again as it changes.</p>
      )}
    </div>
  );
}
