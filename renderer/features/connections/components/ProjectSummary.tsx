// The open project at a glance: name, dialect, how many revisions, how many heads (more
// than one means a branch is waiting to be merged).
import { useStudio } from '../../../store/context.tsx';
import { Badge, IconAlert, IconBranch, Tooltip } from '../../../ui/index.ts';

export function ProjectSummary() {
  const project = useStudio((s) => s.project);
  const projectError = useStudio((s) => s.projectError);
  if (!project)
    return (
      <section className="conn-section conn-project" aria-label="Project">
        <h2 className="conn-section__title">Project</h2>
        <div className="conn-project__name conn-muted">{projectError ? 'Cannot be loaded' : 'Loading…'}</div>
      </section>
    );
  const heads = project.heads.length;
  const broken = project.problems.length > 0;
  return (
    <section className="conn-section conn-project" aria-label="Project" data-testid="project-summary">
      <h2 className="conn-section__title">Project</h2>
      <Tooltip content={project.dir} placement="right">
        <div className="conn-project__name" tabIndex={0} data-testid="project-name">
          {project.name}
        </div>
      </Tooltip>
      <div className="conn-project__facts">
        <Badge tone="accent" data-testid="project-dialect">
          {project.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}
        </Badge>
        <span className="conn-project__fact" data-testid="project-revisions">
          <strong>{project.revisionCount}</strong> {project.revisionCount === 1 ? 'revision' : 'revisions'}
        </span>
        <span
          className={heads > 1 ? 'conn-project__fact is-warning' : 'conn-project__fact'}
          data-testid="project-heads"
          title={
            heads > 1
              ? `Heads: ${project.heads.join(', ')} — merge them to get one line of history`
              : project.heads.join(', ')
          }
        >
          <IconBranch />
          <strong>{heads}</strong> {heads === 1 ? 'head' : 'heads'}
        </span>
      </div>
      {broken ? (
        <div className="conn-project__problem" role="alert">
          <IconAlert /> {project.problems.length} {project.problems.length === 1 ? 'problem' : 'problems'} in the
          revision files
        </div>
      ) : null}
    </section>
  );
}
