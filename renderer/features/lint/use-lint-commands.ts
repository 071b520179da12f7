// The lint commands bound to the provided stores, for components: stable between renders.
import { useMemo } from 'react';
import { useStudioStore } from '../../store/context.tsx';
import { applyLintFix, loadProjectLint, loadRevisionLint } from './commands.ts';
import { useLintStore } from './store.ts';

export interface LintCommands {
  loadProjectLint(): Promise<void>;
  loadRevisionLint(id: string): Promise<void>;
  applyLintFix(id: string, rule: string, line: number, index?: number): Promise<void>;
}

export function useLintCommands(): LintCommands {
  const lint = useLintStore();
  const studio = useStudioStore();
  return useMemo(
    () => ({
      loadProjectLint: () => loadProjectLint(lint, studio),
      loadRevisionLint: (id) => loadRevisionLint(lint, studio, id),
      applyLintFix: (id, rule, line, index) => applyLintFix(lint, studio, id, rule, line, index),
    }),
    [lint, studio],
  );
}
