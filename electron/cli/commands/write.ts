// Commands that write files or version rows: init, revision, merge, stamp.
import { basename, relative, resolve } from 'node:path';
import type { RevisionId } from '../../../shared/model/revision.ts';
import { describeTarget } from '../../engine/dialects/registry.ts';
import { resolveRevision, singleHead } from '../../engine/graph/targets.ts';
import { defaultIdentity } from '../../engine/runner/identity.ts';
import { stamp } from '../../engine/runner/stamp.ts';
import { initProject, writeNewRevision } from '../../engine/project/project.ts';
import { listOption, stringOption, type Command } from '../command.ts';
import { openProject, resolveDatabase, tablesOf, withConnection } from '../context.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { line, paint, printJson } from '../output.ts';
import { runLockOptions } from '../run-lock.ts';

export const initCommand: Command = {
  usage: 'strata init [DIR] [--dialect sqlite|postgres]',
  options: ['dialect'],
  async run(ctx, values, positionals) {
    const dir = resolve(ctx.cwd, positionals[0] ?? ctx.options.project ?? '.');
    const dialect = stringOption(values, 'dialect') ?? 'sqlite';
    if (dialect !== 'sqlite' && dialect !== 'postgres') throw new UsageError(`--dialect is sqlite or postgres, not '${dialect}'`);
    const written = initProject(dir, {
      dialect,
      versions: 'versions',
      versionTable: 'strata_version',
      databaseUrlEnv: 'DATABASE_URL',
      ...(dialect === 'sqlite' ? { defaultConnection: { sqlite: `${basename(dir).replace(/[^A-Za-z0-9_-]/g, '_') || 'dev'}.sqlite` } } : {}),
    });
    if (ctx.out.json) printJson(ctx.out, { written });
    else for (const w of written) line(ctx.out, `${paint(ctx.out, 'green', 'created')} ${relative(ctx.cwd, w) || w}`);
    return EXIT.ok;
  },
};

const UPGRADE_PLACEHOLDER = '-- the upgrade SQL: statements end with ;\n';
const DOWNGRADE_PLACEHOLDER = '-- the SQL that exactly undoes the upgrade\n';

export const revisionCommand: Command = {
  usage: 'strata revision -m MSG [--parent REV|base ...] [--branch-label L] [--depends-on REV] [--non-transactional]',
  options: ['message', 'parent', 'branch-label', 'depends-on', 'non-transactional'],
  async run(ctx, values) {
    const message = stringOption(values, 'message');
    if (!message?.trim()) throw new UsageError('revision needs a message: -m "add invoices table"');
    const project = openProject(ctx);
    const { map } = project;
    const parentRefs = listOption(values, 'parent');
    let parents: RevisionId[];
    if (parentRefs.length === 0) {
      if (map.heads.length > 1) {
        throw new UsageError(`the graph has ${map.heads.length} heads (${map.heads.join(', ')}): pass --parent REV to extend one, or 'strata merge' them first`);
      }
      parents = map.heads.length === 1 ? [singleHead(map)] : [];
    } else if (parentRefs.length === 1 && parentRefs[0] === 'base') {
      parents = [];
    } else {
      parents = [...new Set(parentRefs.map((p) => resolveRevision(map, p)))];
    }
    const labels = listOption(values, 'branch-label');
    for (const l of labels) {
      const owner = map.labels.get(l);
      if (owner) throw new UsageError(`branch label '${l}' is already used by ${owner} (${map.get(owner).file})`);
      if (map.has(l)) throw new UsageError(`branch label '${l}' is a revision id`);
      if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(l)) throw new UsageError(`branch label '${l}' must start with a letter and contain only letters, digits, '_' and '.'`);
    }
    if (parents.length === 0 && map.bases.length > 0 && labels.length === 0) {
      throw new UsageError('a second base needs a --branch-label, so that its branch can be named in targets (label@head)');
    }
    const dependsOn = listOption(values, 'depends-on').map((d) => map.labels.get(d) ?? resolveRevision(map, d));
    const written = writeNewRevision(project, {
      message,
      parents,
      dependsOn,
      branchLabels: labels,
      transactional: values['non-transactional'] !== true,
      upgradeSql: UPGRADE_PLACEHOLDER,
      downgradeSql: DOWNGRADE_PLACEHOLDER,
    });
    if (ctx.out.json) printJson(ctx.out, { revision: written.id, file: written.path, parents });
    else line(ctx.out, `${paint(ctx.out, 'green', 'created')} ${paint(ctx.out, 'yellow', written.id)} ${relative(ctx.cwd, written.path)}${parents.length > 0 ? paint(ctx.out, 'gray', ` (on ${parents.join(', ')})`) : paint(ctx.out, 'gray', ' (a new base)')}`);
    return EXIT.ok;
  },
};

export const mergeCommand: Command = {
  usage: 'strata merge REV REV... -m MSG  (or: strata merge heads -m MSG)',
  options: ['message', 'branch-label'],
  async run(ctx, values, positionals) {
    const message = stringOption(values, 'message');
    if (!message?.trim()) throw new UsageError('merge needs a message: -m "merge billing into main"');
    const project = openProject(ctx);
    const { map } = project;
    const refs = positionals.flatMap((p) => (p === 'heads' ? [...map.heads] : [resolveRevision(map, p)]));
    const parents = [...new Set(refs)];
    if (parents.length < 2) throw new UsageError(`merge needs at least two different heads (the graph's heads: ${map.heads.join(', ')})`);
    const notHeads = parents.filter((p) => !map.heads.includes(p));
    if (notHeads.length > 0) throw new UsageError(`only heads can be merged; ${notHeads.join(', ')} ${notHeads.length === 1 ? 'is' : 'are'} not (heads: ${map.heads.join(', ')})`);
    const related = parents.find((p) => parents.some((q) => q !== p && map.ancestors([q]).has(p)));
    if (related) throw new UsageError(`${related} is an ancestor of another revision being merged`);
    const labels = listOption(values, 'branch-label');
    for (const l of labels) if (map.labels.has(l)) throw new UsageError(`branch label '${l}' is already used by ${map.labels.get(l)}`);
    const comment = `-- merge of ${parents.join(', ')}: no schema change\n`;
    const written = writeNewRevision(project, { message, parents, branchLabels: labels, upgradeSql: comment, downgradeSql: comment });
    if (ctx.out.json) printJson(ctx.out, { revision: written.id, file: written.path, parents });
    else line(ctx.out, `${paint(ctx.out, 'green', 'created')} merge ${paint(ctx.out, 'yellow', written.id)} of ${parents.join(', ')}: ${relative(ctx.cwd, written.path)}`);
    return EXIT.ok;
  },
};

export const stampCommand: Command = {
  usage: 'strata stamp TARGET [--purge] [--url URL] [--lock-wait 10min] [--json]',
  options: ['purge', 'lock-wait'],
  async run(ctx, values, positionals) {
    const target = positionals[0];
    if (target === undefined || positionals.length > 1) throw new UsageError('stamp takes one target: strata stamp heads');
    const project = openProject(ctx);
    const db = resolveDatabase(ctx, project);
    const lock = runLockOptions(ctx, values);
    const result = await withConnection(db, (conn) => stamp(conn, project.map, tablesOf(project), target, values.purge === true, defaultIdentity(), lock));
    if (ctx.out.json) printJson(ctx.out, { database: describeTarget(db.target), ...result });
    else line(ctx.out, `${describeTarget(db.target)}: ${result.before.join(', ') || 'base'} → ${paint(ctx.out, 'yellow', result.after.join(', ') || 'base')}`);
    return EXIT.ok;
  },
};
