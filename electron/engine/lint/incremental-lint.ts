// A project's lint kept up to date across edits, for the studio: the same reports as
// lintProject(project) over every revision, but when revisions change, only the revisions
// from the first changed one on (in graph order) are linted again. Each revision is linted
// as one journaled step of the schema model, so going back to the model as it was before a
// revision is undoing the later steps, not replaying every revision before it; an edit of
// the revision being written (usually the newest) is relinted in milliseconds.
import type { Project } from '../project/project.ts';
import { lintInputs, sameInput, type LintInput } from './lint-inputs.ts';
import { lintSection, type LintOptions } from './linter.ts';
import { projectLintOptions } from './project-lint.ts';
import { SchemaModel, type ModelUndo } from './schema/model.ts';
import type { FileReport } from './types.ts';

export type { LintInput } from './lint-inputs.ts';

export class IncrementalLint {
  private inputs: readonly LintInput[] = [];
  private positions = new Map<string, number>();
  private options: LintOptions = {};
  private optionsKey = '';
  private readonly model = new SchemaModel();
  /** reports[i] and undo[i] for the revisions linted so far, positions 0 … done-1 of `inputs`. */
  private readonly reports: FileReport[] = [];
  private readonly undo: ModelUndo[] = [];

  /** Revisions linted with the current inputs; the model is the schema after them. */
  get done(): number {
    return this.reports.length;
  }

  get total(): number {
    return this.inputs.length;
  }

  get complete(): boolean {
    return this.done === this.inputs.length;
  }

  /** A project as loaded: every revision in graph order, the lint options of its strata.json. */
  load(project: Project): void {
    this.update(lintInputs(project), projectLintOptions(project));
  }

  /**
   * New inputs: results before the first revision that differs (in graph order) are kept, the
   * model goes back to the schema before it. Different options change every result.
   */
  update(inputs: readonly LintInput[], options: LintOptions): void {
    const key = JSON.stringify(options);
    let keep = 0;
    if (key === this.optionsKey) {
      const limit = Math.min(this.done, inputs.length);
      while (keep < limit && sameInput(this.inputs[keep] as LintInput, inputs[keep] as LintInput)) keep++;
    }
    this.rewind(keep);
    this.inputs = inputs;
    this.positions = new Map(inputs.map((input, i) => [input.id, i]));
    this.options = options;
    this.optionsKey = key;
  }

  /** Replaces some revisions' inputs (an edit of their files), the graph order unchanged. */
  edit(changed: readonly LintInput[]): void {
    const next = [...this.inputs];
    let first = next.length;
    for (const input of changed) {
      const at = this.positions.get(input.id);
      if (at === undefined) throw new Error(`internal: edit of unknown revision ${input.id}`);
      if (sameInput(next[at] as LintInput, input)) continue;
      next[at] = input;
      first = Math.min(first, at);
    }
    this.rewind(first);
    this.inputs = next;
  }

  /** Lints the next revision (the parser must be loaded: lint/parse.ts loadParser). */
  step(): void {
    const input = this.inputs[this.done];
    if (!input) return;
    this.model.beginStep();
    let report: FileReport;
    try {
      report = this.lintOne(input);
      // What this revision created is "existing" for the next one.
      this.model.settle();
    } catch (error) {
      this.model.undo([this.model.endStep()]);
      throw error;
    }
    this.undo.push(this.model.endStep());
    this.reports.push(report);
  }

  /**
   * Unsaved text linted at a position (a revision's draft at its own, a new revision at the
   * end) against the schema of the revisions before it, which must be linted. The project's
   * results are not changed by it: the model is put back, and the revisions from that position
   * on are linted again by the next steps (none, for the newest revision or a new one).
   */
  lintDraft(input: LintInput, at: number): FileReport {
    if (at > this.done) throw new Error(`internal: draft at ${at} before ${this.done} revisions are linted`);
    this.rewind(at);
    this.model.beginStep();
    try {
      return this.lintOne(input);
    } finally {
      this.model.undo([this.model.endStep()]);
    }
  }

  /** The report of a revision, once it has been linted with the current inputs. */
  report(id: string): FileReport | undefined {
    const at = this.positions.get(id);
    return at === undefined ? undefined : this.reports[at];
  }

  inputAt(position: number): LintInput | undefined {
    return this.inputs[position];
  }

  /** Where a revision is in the lint order; undefined when the project has no such revision. */
  position(id: string): number | undefined {
    return this.positions.get(id);
  }

  /** Every report, in graph order, once complete. */
  all(): readonly FileReport[] {
    return this.reports;
  }

  /** One revision's upgrade against the model as it is. */
  private lintOne(input: LintInput): FileReport {
    return lintSection(
      {
        file: input.file,
        section: { text: input.upgradeSql, firstLine: input.upgradeLine },
        transactional: input.transactional,
        isRevision: true,
        revision: input.id,
      },
      this.model,
      this.options,
    );
  }

  private rewind(to: number): void {
    if (to >= this.done) return;
    this.model.undo(this.undo.slice(to));
    this.undo.length = to;
    this.reports.length = to;
  }
}
