// Entry points over whole files: a revision file (its upgrade section, under its header's
// `transactional` setting) or a file of bare statements, linted as a revision whose tables
// already exist. Both await the parser once; everything after that is synchronous.
import { fileTarget } from './file-target.ts';
import { lintSection, type LintOptions } from './linter.ts';
import { loadParser, type PreparsedTree } from './parse.ts';
import { SchemaModel } from './schema/model.ts';
import type { FileReport } from './types.ts';

/**
 * Lints a file's text; `model` is the schema before it (and is updated by it). `tree`: the
 * parser's JSON for the text of fileTarget's section, when it was read ahead on another thread.
 */
export function lintText(text: string, file: string, options: LintOptions = {}, model = new SchemaModel(), tree?: PreparsedTree): FileReport {
  const found = fileTarget(text, file);
  if (!found.ok) return { file, dialect: options.dialect ?? 'postgres', statements: [], findings: found.findings };
  return lintSection(tree === undefined ? found.target : { ...found.target, tree }, model, options);
}

export async function lintFileText(text: string, file: string, options: LintOptions = {}, model = new SchemaModel()): Promise<FileReport> {
  await loadParser();
  return lintText(text, file, options, model);
}
