// Add or edit a connection. The password goes in and never comes back: the field starts
// empty, and a line under it says whether one is stored and where (the OS keychain, or
// memory only in browser mode). Test checks what the form says and saves nothing. A
// postgres:// URL pasted fills the fields (its password goes to the password field).
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ConnectionInfo } from '../../../../shared/api/connections.ts';
import { useStudio, useStudioStore } from '../../../store/context.tsx';
import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  IconCheck,
  IconClose,
  IconKey,
  IconPlug,
  Select,
  Spinner,
  TextField,
} from '../../../ui/index.ts';
import { closeConnectionDialog, editingSaved, forgetEditing, testSettings } from '../commands.ts';
import {
  emptyForm,
  formFrom,
  formFromUrl,
  hasErrors,
  isDirty,
  SSL_MODES,
  toSaveInput,
  toTestInput,
  validate,
  withPassword,
  type ConnectionForm,
  type FormErrors,
  type FormField,
} from '../form.ts';
import { useConnectionsViewStore } from '../store.ts';
import { KindIcon } from './KindIcon.tsx';

export function ConnectionDialog() {
  const open = useStudio((s) => s.connectionsOpen);
  const view = useConnectionsViewStore();
  const studio = useStudioStore();
  // Keyed by the connection it opened on, so each opening starts from a fresh form; a new
  // connection saved by Test keeps its form (the key stays 'new' until the dialog closes).
  // Only `open` drives this: the palette or Escape may close the dialog without the
  // sidebar knowing, and the next opening must not inherit the last edited connection.
  const [openedOn, setOpenedOn] = useState<string | null>(null);
  useEffect(() => {
    if (open) setOpenedOn(view.getState().editingId ?? 'new');
    else {
      setOpenedOn(null);
      forgetEditing(view);
    }
  }, [open, view]);
  if (!open || openedOn === null) return null;
  return (
    <ConnectionEditor
      key={openedOn}
      initialId={openedOn === 'new' ? null : openedOn}
      onClose={() => closeConnectionDialog(view, studio)}
    />
  );
}

type TestView =
  { readonly phase: 'testing' } | { readonly phase: 'done'; readonly ok: boolean; readonly message: string };

const FIELD_ORDER: readonly FormField[] = ['name', 'path', 'host', 'port', 'database', 'user', 'password'];

function ConnectionEditor({ initialId, onClose }: { readonly initialId: string | null; readonly onClose: () => void }) {
  const studio = useStudioStore();
  const view = useConnectionsViewStore();
  const connections = useStudio((s) => s.connections);
  const dialect = useStudio((s) => s.project?.dialect ?? 'sqlite');
  const [id, setId] = useState<string | null>(initialId);
  const saved: ConnectionInfo | undefined = connections.find((c) => c.id === id);
  const [form, setForm] = useState<ConnectionForm>(() => {
    const existing = connections.find((c) => c.id === initialId);
    return existing ? formFrom(existing) : emptyForm(dialect);
  });
  const [touched, setTouched] = useState<ReadonlySet<FormField>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [test, setTest] = useState<TestView | null>(null);
  const [urlError, setUrlError] = useState<string | null>(null);
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);

  const errors = useMemo(() => validate(form, connections, id), [form, connections, id]);
  const shown: FormErrors = Object.fromEntries(
    Object.entries(errors).filter(([field]) => showAll || touched.has(field as FormField)),
  );

  const update = (patch: Partial<ConnectionForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setTest(null);
    setSaveError(null);
  };
  const touch = (field: FormField) => () => setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));

  /** False (and the first bad field focused) when the form cannot be saved or tested as it is. */
  const checked = (): boolean => {
    if (!hasErrors(errors)) return true;
    setShowAll(true);
    const first = FIELD_ORDER.find((f) => errors[f]);
    formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
    return false;
  };

  /** Saves when needed; returns the saved id, or null when the form is invalid or the save failed. */
  const persist = async (): Promise<string | null> => {
    if (!checked()) return null;
    if (!isDirty(form, saved) && id) return id;
    setSaving(true);
    setSaveError(null);
    try {
      const result = await studio.getState().saveConnection(toSaveInput(form, id));
      setId(result.id);
      editingSaved(view, result.id);
      // The password went to its store: the field empties, the indicator says where it is.
      setForm((f) => ({ ...f, password: '', passwordAction: 'keep' }));
      void studio.getState().refreshStatus(result.id);
      return result.id;
    } catch (error) {
      setSaveError(error instanceof Error ? error.message : String(error));
      return null;
    } finally {
      setSaving(false);
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    if ((await persist()) !== null) onClose();
  };

  // Test never saves: it tries the settings as typed (with the stored password while none is typed).
  const onTest = async () => {
    if (saving || test?.phase === 'testing' || !checked()) return;
    setTest({ phase: 'testing' });
    const result = await testSettings(studio, toTestInput(form, id));
    setTest({
      phase: 'done',
      ok: result.ok,
      message: result.ok ? result.message : `Could not connect: ${result.message}`,
    });
  };

  const onUrl = (text: string) => {
    if (!text.trim()) return setUrlError(null);
    const next = formFromUrl(form, text);
    if ('error' in next) return setUrlError(next.error);
    setUrlError(null);
    update(next);
  };

  const isNew = initialId === null;
  const storage = secretStorageFor(saved, connections);
  const title = isNew && !saved ? 'New connection' : 'Edit connection';

  return (
    <Dialog
      open
      onClose={onClose}
      size="md"
      tone={form.protected ? 'danger' : 'default'}
      data-testid="connection-dialog"
      title={
        <>
          <KindIcon kind={form.kind} />
          <span>{title}</span>
          {form.protected ? (
            <Badge tone="danger" solid>
              PROD
            </Badge>
          ) : null}
        </>
      }
      description={form.kind === 'sqlite' ? 'A SQLite database file.' : 'A PostgreSQL server.'}
      footer={
        <>
          <Button
            icon={<IconPlug />}
            onClick={() => void onTest()}
            busy={test?.phase === 'testing'}
            disabled={saving}
            data-testid="conn-test"
          >
            Test
          </Button>
          <span className="conn-dialog__spacer" />
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant={form.protected ? 'danger' : 'primary'}
            type="submit"
            form={formId}
            busy={saving}
            data-testid="conn-save"
          >
            Save
          </Button>
        </>
      }
    >
      <form id={formId} ref={formRef} className="conn-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField
          label="Name"
          value={form.name}
          onChange={(e) => update({ name: e.target.value })}
          onBlur={touch('name')}
          error={shown.name}
          placeholder={form.kind === 'sqlite' ? 'local dev' : 'staging'}
          maxLength={100}
          autoComplete="off"
          data-field="name"
          data-testid="conn-name"
          data-autofocus
        />
        <Select
          label="Kind"
          value={form.kind}
          onChange={(e) => update({ kind: e.target.value === 'postgres' ? 'postgres' : 'sqlite' })}
          data-testid="conn-kind"
        >
          <option value="sqlite">SQLite</option>
          <option value="postgres">PostgreSQL</option>
        </Select>
        {form.kind === 'postgres' && (
          <TextField
            className="conn-form__wide"
            label="Paste a URL"
            value=""
            onChange={(e) => onUrl(e.target.value)}
            error={urlError ?? undefined}
            hint="postgres://user:password@host:5432/database?sslmode=require fills the fields below"
            placeholder="postgres://…"
            spellCheck={false}
            autoComplete="off"
            data-testid="conn-url"
          />
        )}
        {form.kind === 'sqlite' ? (
          <TextField
            className="conn-form__wide"
            label="Database file"
            value={form.path}
            onChange={(e) => update({ path: e.target.value })}
            onBlur={touch('path')}
            error={shown.path}
            hint="Absolute, or relative to the project folder."
            placeholder="dev.sqlite"
            spellCheck={false}
            autoComplete="off"
            data-field="path"
            data-testid="conn-path"
          />
        ) : (
          <>
            <div className="conn-form__wide conn-form__row conn-form__row--host">
              <TextField
                label="Host"
                value={form.host}
                onChange={(e) => update({ host: e.target.value })}
                onBlur={touch('host')}
                error={shown.host}
                placeholder="localhost"
                spellCheck={false}
                autoComplete="off"
                data-field="host"
                data-testid="conn-host"
              />
              <TextField
                label="Port"
                value={form.port}
                onChange={(e) => update({ port: e.target.value })}
                onBlur={touch('port')}
                error={shown.port}
                inputMode="numeric"
                placeholder="5432"
                autoComplete="off"
                data-field="port"
                data-testid="conn-port"
              />
            </div>
            <TextField
              label="Database"
              value={form.database}
              onChange={(e) => update({ database: e.target.value })}
              onBlur={touch('database')}
              error={shown.database}
              spellCheck={false}
              autoComplete="off"
              data-field="database"
              data-testid="conn-database"
            />
            <TextField
              label="User"
              value={form.user}
              onChange={(e) => update({ user: e.target.value })}
              onBlur={touch('user')}
              error={shown.user}
              spellCheck={false}
              autoComplete="off"
              data-field="user"
              data-testid="conn-user"
            />
            <div className="conn-form__wide">
              <TextField
                label="Password"
                type="password"
                value={form.password}
                onChange={(e) => setForm((f) => withPassword(f, e.target.value))}
                onBlur={touch('password')}
                error={shown.password}
                placeholder={
                  saved?.hasPassword && form.passwordAction !== 'remove' ? '•••••••• stored — type to replace' : ''
                }
                autoComplete="new-password"
                spellCheck={false}
                data-field="password"
                data-testid="conn-password"
              />
              <PasswordNote
                hasPassword={saved?.hasPassword ?? false}
                action={form.passwordAction}
                storage={storage}
                onRemove={() => update({ password: '', passwordAction: 'remove' })}
                onUndo={() => update({ password: '', passwordAction: 'keep' })}
              />
            </div>
            <Select
              className="conn-form__wide"
              label="SSL mode"
              value={form.sslMode}
              onChange={(e) => update({ sslMode: SSL_MODES.find((m) => m === e.target.value) ?? 'prefer' })}
              hint={SSL_HINT[form.sslMode]}
              data-testid="conn-ssl"
            >
              {SSL_MODES.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </Select>
          </>
        )}
        <div
          className={form.protected ? 'conn-form__wide conn-form__protect is-on' : 'conn-form__wide conn-form__protect'}
        >
          <Checkbox
            tone="danger"
            label="Protected (production)"
            hint="Every change asks for the database name typed; downgrade is refused unless unlocked for the session."
            checked={form.protected}
            onChange={(e) => update({ protected: e.target.checked })}
            data-testid="conn-protected"
          />
        </div>
        <div className="conn-form__wide">
          <Checkbox
            label="Shared with every project"
            hint="Unticked, the connection is listed only in this project."
            checked={form.shared}
            onChange={(e) => update({ shared: e.target.checked })}
            data-testid="conn-shared"
          />
        </div>
        {test ? <TestResult test={test} /> : null}
        {saveError ? (
          <p className="conn-form__wide ui-inline-error" role="alert" data-testid="conn-save-error">
            {saveError}
          </p>
        ) : null}
        {/* Enter in any field submits: a hidden submit button keeps that working in every browser. */}
        <button type="submit" hidden tabIndex={-1} aria-hidden="true" />
      </form>
    </Dialog>
  );
}

const SSL_HINT: Record<ConnectionForm['sslMode'], string> = {
  disable: 'No encryption.',
  prefer: 'Encrypt when the server offers TLS, else plain text; Test says which.',
  require: 'Always encrypt; the certificate is not checked.',
  'verify-full': 'Encrypt and verify the certificate and host name.',
};

type Storage = 'keychain' | 'memory';

/** Where a password would be kept: known once a PostgreSQL connection exists, else the door's. */
function secretStorageFor(saved: ConnectionInfo | undefined, all: readonly ConnectionInfo[]): Storage {
  const known = saved?.secretStorage ?? all.find((c) => c.secretStorage !== 'none')?.secretStorage;
  if (known === 'keychain' || known === 'memory') return known;
  return window.strata ? 'keychain' : 'memory';
}

const WHERE: Record<Storage, string> = {
  keychain: 'in the OS keychain',
  memory: 'in memory only for this session (no keychain in browser mode)',
};

function PasswordNote({
  hasPassword,
  action,
  storage,
  onRemove,
  onUndo,
}: {
  readonly hasPassword: boolean;
  readonly action: ConnectionForm['passwordAction'];
  readonly storage: Storage;
  readonly onRemove: () => void;
  readonly onUndo: () => void;
}) {
  let text: string;
  let button: { label: string; onClick: () => void } | null = null;
  if (action === 'remove') {
    text = 'The stored password will be removed on save.';
    button = { label: 'Undo', onClick: onUndo };
  } else if (action === 'set') {
    text = `Will be stored ${WHERE[storage]}.`;
  } else if (hasPassword) {
    text = `A password is stored ${WHERE[storage]}.`;
    button = { label: 'Remove', onClick: onRemove };
  } else {
    text = `No password stored. One typed here is kept ${WHERE[storage]}.`;
  }
  return (
    <div
      className={storage === 'memory' ? 'conn-password-note is-memory' : 'conn-password-note'}
      data-testid="conn-password-storage"
      data-storage={storage}
      data-stored={hasPassword && action !== 'remove'}
    >
      <IconKey />
      <span>{text}</span>
      {button ? (
        <button type="button" className="conn-link" onClick={button.onClick} data-testid="conn-password-toggle">
          {button.label}
        </button>
      ) : null}
    </div>
  );
}

function TestResult({ test }: { readonly test: TestView }) {
  if (test.phase === 'testing')
    return (
      <div
        className="conn-form__wide conn-test-result"
        role="status"
        data-testid="conn-test-result"
        data-state="testing"
      >
        <Spinner /> Testing the connection…
      </div>
    );
  return (
    <div
      className={`conn-form__wide conn-test-result ${test.ok ? 'is-ok' : 'is-failed'}`}
      role="status"
      data-testid="conn-test-result"
      data-state={test.ok ? 'ok' : 'failed'}
    >
      {test.ok ? <IconCheck /> : <IconClose />}
      <span>{test.message}</span>
    </div>
  );
}
