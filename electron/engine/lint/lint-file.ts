// Entry points over whole files: a revision file (its upgrade section, under its header's
// `transactional` setting) or a file of bare statements, linted as a revision whose tables
// already exist. Both await the parser once; everything after that is synchronous.
import { parseRevisionFile } from '../project/revision-file.ts';
import { BARE_TRANSACTIONAL_FALSE } from './fixes.ts';
import { lintSection, type EndCheck, type LintOptions } from './linter.ts';
import { loadParser } from './parse.ts';
import type { RunnerConvention, TransactionMode } from './runners.ts';
import { SchemaModel } from './schema/model.ts';
import type { FileReport } from './types.ts';

/** A file is a revision when it has the `-- strata:upgrade` marker line. */
export function isRevisionText(text: string): boolean {
  return hasLine(text, '-- strata:upgrade');
}

/** Whether some line of `text`, trimmed, is `line`; looks only where the text occurs. */
function hasLine(text: string, line: string): boolean {
  for (let at = text.indexOf(line); at >= 0; at = text.indexOf(line, at + 1)) {
    const start = text.lastIndexOf('\n', at) + 1;
    const nl = text.indexOf('\n', at);
    if (text.slice(start, nl < 0 ? text.length : nl).trim() === line) return true;
  }
  return false;
}

/**
 * Lints a file's text; `model` is the schema before it (and is updated by it). A plain file
 * runs as its runner runs it (`convention`, from runners.ts; by default one transaction unless
 * it has BEGIN/COMMIT of its own), unless its header or `--[no-]transactional` says otherwise.
 */
export function lintText(
  text: string,
  file: string,
  options: LintOptions = {},
  model = new SchemaModel(),
  convention?: RunnerConvention,
  carry?: (check: EndCheck) => void,
): FileReport {
  if (isRevisionText(text)) {
    const parsed = parseRevisionFile(text, file);
    if (parsed.ok) {
      const { data, lines } = parsed.file;
      return lintSection(
        {
          file,
          section: { text: data.upgradeSql, firstLine: lines.upgrade },
          transactional: data.transactional,
          isRevision: true,
          revision: data.id,
        },
        model,
        options,
        carry,
      );
    }
    return {
      file,
      dialect: options.dialect ?? 'postgres',
      statements: [],
      findings: parsed.problems.map((p) => ({
        rule: 'syntax-error',
        severity: 'error' as const,
        line: p.line,
        message: p.message,
      })),
    };
  }
  // Bare statements: opting out as a revision does wins, then the command line, then the runner.
  const mode: TransactionMode = hasLine(text, BARE_TRANSACTIONAL_FALSE)
    ? 'none'
    : options.transactional !== undefined
      ? options.transactional
        ? 'wrapped'
        : 'none'
      : (convention?.mode ?? 'unless-own');
  return lintSection(
    {
      file,
      section: { text, firstLine: 1 },
      transactional: mode !== 'none',
      mode,
      runner: convention?.runner,
      isRevision: false,
    },
    model,
    options,
    carry,
  );
}

export async function lintFileText(
  text: string,
  file: string,
  options: LintOptions = {},
  model = new SchemaModel(),
): Promise<FileReport> {
  await loadParser();
  return lintText(text, file, options, model);
}
