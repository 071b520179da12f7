// New revision: message, the revision it goes on, a branch label, depends-on, transactional.
// Opened from the palette, the graph's toolbar or a row's menu ("on this head" / "on this
// revision"); the file is written in the native layout and opens in the editor.
import { useMemo, useState, type FormEvent } from 'react';
import { useStudio, useStudioStore } from '../../store/context.tsx';
import { Button, Checkbox, Dialog, Select, TextField } from '../../ui/index.ts';
import { createRevision, type NewRevisionForm } from './commands.ts';

export function NewRevisionDialog() {
  const open = useStudio((s) => s.newRevision);
  return open ? <NewRevisionForm key={open.parent ?? ''} parent={open.parent} /> : null;
}

function NewRevisionForm({ parent }: { readonly parent: string | null }) {
  const store = useStudioStore();
  const close = useStudio((s) => s.closeNewRevision);
  const graph = useStudio((s) => s.graph);
  const heads = useMemo(() => graph?.heads ?? [], [graph]);
  const messageOf = (id: string): string => graph?.revisions.find((r) => r.id === id)?.message ?? '';
  const [form, setForm] = useState<NewRevisionForm>({
    message: '',
    parent: parent ?? (heads.length === 1 ? (heads[0] ?? '') : (heads[0] ?? 'base')),
    branchLabel: '',
    dependsOn: '',
    transactional: true,
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choices = [...new Set([...(parent ? [parent] : []), ...heads])];
  const patch = (p: Partial<NewRevisionForm>) => setForm((f) => ({ ...f, ...p }));

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!form.message.trim()) {
      setError('a revision needs a message');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await createRevision(store, form);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={close}
      title="New revision"
      description="Written in the native layout (as strata revision does), then opened in the editor."
      data-testid="new-revision-dialog"
      footer={
        <>
          <Button variant="ghost" onClick={close}>
            Cancel
          </Button>
          <Button variant="primary" onClick={() => void submit()} disabled={busy} data-testid="new-revision-create">
            Create revision
          </Button>
        </>
      }
    >
      <form className="new-revision-form" onSubmit={(e) => void submit(e)}>
        <TextField
          label="Message"
          value={form.message}
          onChange={(e) => patch({ message: e.target.value })}
          placeholder="add invoices table"
          data-testid="new-revision-message"
          data-autofocus
          error={error}
        />
        <Select
          label="On"
          value={form.parent}
          onChange={(e) => patch({ parent: e.target.value })}
          data-testid="new-revision-parent"
          hint={heads.length > 1 ? `${heads.length} heads: pick the branch this revision extends` : undefined}
        >
          {choices.map((id) => (
            <option key={id} value={id}>
              {id}
              {heads.includes(id) ? ' (head)' : ''} — {messageOf(id)}
            </option>
          ))}
          <option value="base">base (a new branch with no parent; needs a label)</option>
        </Select>
        <TextField
          label="Branch label"
          value={form.branchLabel}
          onChange={(e) => patch({ branchLabel: e.target.value })}
          placeholder="optional, e.g. billing"
          data-testid="new-revision-label"
        />
        <TextField
          label="Depends on"
          value={form.dependsOn}
          onChange={(e) => patch({ dependsOn: e.target.value })}
          placeholder="optional: revisions or labels applied first, comma-separated"
          data-testid="new-revision-depends-on"
        />
        <Checkbox
          label="Transactional"
          hint="Off for statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY)."
          checked={form.transactional}
          onChange={(e) => patch({ transactional: e.target.checked })}
          data-testid="new-revision-transactional"
        />
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
