// Lint of text being typed (an edited revision, the review screen's upgrade): asked of the
// lint worker (lint.draft) once the typing pauses, so the renderer never parses SQL and a
// keystroke never waits on the linter. An answer for text that has changed since is dropped.
import { useEffect, useRef, useState } from 'react';
import type { DraftLint } from '../../../shared/api/lint.ts';
import { useStudio } from '../../store/context.tsx';
import { errorMessage } from '../../store/studio-store.ts';

/** Pause in typing before the text is linted. */
export const DRAFT_LINT_DELAY_MS = 150;

export interface DraftLintRequest {
  /** The revision the text is a draft of; undefined: a new revision on the heads. */
  readonly id: string | undefined;
  readonly text: string;
  /** The file line of the text's first line. */
  readonly upgradeLine: number;
  readonly transactional: boolean;
}

export interface DraftLintState {
  /** The lint of `text`; null before the first answer. */
  readonly lint: DraftLint | null;
  /** The text `lint` is about: markers are shown only while it is the text in the editor. */
  readonly text: string | null;
  readonly pending: boolean;
  readonly error: string | null;
}

const IDLE: DraftLintState = { lint: null, text: null, pending: false, error: null };

/** null: nothing to lint (not editing, or the text is the saved one). */
export function useDraftLint(request: DraftLintRequest | null): DraftLintState {
  const client = useStudio((s) => s.client);
  const [state, setState] = useState<DraftLintState>(IDLE);
  const asked = useRef(0);
  const key = request ? JSON.stringify(request) : null;
  useEffect(() => {
    const mine = ++asked.current;
    if (!request) {
      setState(IDLE);
      return;
    }
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      client
        .call('lint.draft', {
          ...(request.id !== undefined ? { id: request.id } : {}),
          upgradeSql: request.text,
          upgradeLine: request.upgradeLine,
          transactional: request.transactional,
        })
        .then(
          (lint) => {
            if (mine === asked.current) setState({ lint, text: request.text, pending: false, error: null });
          },
          (error: unknown) => {
            if (mine === asked.current)
              setState({ lint: null, text: null, pending: false, error: errorMessage(error) });
          },
        );
    }, DRAFT_LINT_DELAY_MS);
    return () => clearTimeout(timer);
    // key stands for request.
  }, [key, client]);
  return state;
}
