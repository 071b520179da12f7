// The connection dialog's form as plain data: built from a saved connection (or defaults),
// checked field by field with messages shown beside each field, and turned into the save
// input. Pure, so the rules are tested without a DOM.
import type { ConnectionInfo } from '../../../shared/api/connections.ts';
import type { Input } from '../../../shared/api/contract.ts';

export type ConnectionKind = 'sqlite' | 'postgres';
export type SslMode = 'disable' | 'prefer' | 'require' | 'verify-full';
export const SSL_MODES: readonly SslMode[] = ['disable', 'prefer', 'require', 'verify-full'];

/** What happens to the stored password on save: kept, replaced by what was typed, or removed. */
export type PasswordAction = 'keep' | 'set' | 'remove';

export interface ConnectionForm {
  readonly name: string;
  readonly kind: ConnectionKind;
  readonly path: string;
  readonly host: string;
  /** Text while typing; checked as a port on save. */
  readonly port: string;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  readonly passwordAction: PasswordAction;
  readonly sslMode: SslMode;
  readonly protected: boolean;
  /** Listed in every project, not only the one open. */
  readonly shared: boolean;
}

export type FormField = 'name' | 'path' | 'host' | 'port' | 'database' | 'user' | 'password';
export type FormErrors = Partial<Record<FormField, string>>;

export type SaveInput = Input<'connections.save'>;

export function emptyForm(kind: ConnectionKind): ConnectionForm {
  return {
    name: '',
    kind,
    path: '',
    host: 'localhost',
    port: '5432',
    database: '',
    user: 'postgres',
    password: '',
    passwordAction: 'keep',
    sslMode: 'prefer',
    protected: false,
    shared: false,
  };
}

/**
 * A pasted postgres:// (or postgresql://) URL as the form's fields; the password, if the URL
 * has one, goes to the password field, which is stored as today (keychain), never in the file.
 * A message when the text is not such a URL.
 */
export function formFromUrl(form: ConnectionForm, text: string): ConnectionForm | { readonly error: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { error: 'Not a URL: paste one like postgres://user:password@host:5432/database' };
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    return { error: `A postgres:// URL, not ${url.protocol}//` };
  const sslmode = url.searchParams.get('sslmode');
  const sslMode = SSL_MODES.find((m) => m === sslmode) ?? (sslmode === null ? form.sslMode : undefined);
  if (sslMode === undefined) return { error: `sslmode=${sslmode} is not one of ${SSL_MODES.join(', ')}` };
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const next: ConnectionForm = {
    ...form,
    kind: 'postgres',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || form.host,
    port: url.port || '5432',
    database: database || form.database,
    user: url.username ? decodeURIComponent(url.username) : form.user,
    sslMode,
    name: form.name.trim() ? form.name : `${database || 'postgres'} on ${url.hostname}`,
  };
  return url.password ? withPassword(next, decodeURIComponent(url.password)) : next;
}

export function formFrom(info: ConnectionInfo): ConnectionForm {
  const s = info.settings;
  const base = emptyForm(s.kind);
  // The password never comes back from the service: the field starts empty and 'keep'.
  return s.kind === 'sqlite'
    ? { ...base, name: info.name, path: s.path, protected: info.protected, shared: info.shared === true }
    : {
        ...base,
        name: info.name,
        host: s.host,
        port: String(s.port),
        database: s.database,
        user: s.user,
        sslMode: s.sslMode,
        protected: info.protected,
        shared: info.shared === true,
      };
}

/** Typing in the password field means "set"; clearing it again goes back to "keep". */
export function withPassword(form: ConnectionForm, password: string): ConnectionForm {
  return { ...form, password, passwordAction: password === '' ? 'keep' : 'set' };
}

const PG_IDENT_MAX = 63;

export function validate(
  form: ConnectionForm,
  others: readonly ConnectionInfo[] = [],
  editingId: string | null = null,
): FormErrors {
  const errors: FormErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = 'Give the connection a name.';
  else if (name.length > 100) errors.name = 'At most 100 characters.';
  else if (others.some((c) => c.id !== editingId && c.name.trim().toLowerCase() === name.toLowerCase()))
    errors.name = 'Another connection has this name.';
  if (form.kind === 'sqlite') {
    if (!form.path.trim()) errors.path = 'The SQLite file, absolute or relative to the project.';
    else if (form.path.length > 4096) errors.path = 'At most 4096 characters.';
    return errors;
  }
  const host = form.host.trim();
  if (!host) errors.host = 'A host name or address.';
  else if (host.length > 255) errors.host = 'At most 255 characters.';
  else if (/\s/.test(host)) errors.host = 'No spaces in a host name.';
  const port = form.port.trim();
  if (!/^\d+$/.test(port)) errors.port = 'A number from 1 to 65535.';
  else if (Number(port) < 1 || Number(port) > 65535) errors.port = 'A number from 1 to 65535.';
  if (!form.database.trim()) errors.database = 'The database to migrate.';
  else if (form.database.trim().length > PG_IDENT_MAX) errors.database = `At most ${PG_IDENT_MAX} characters.`;
  if (!form.user.trim()) errors.user = 'The role to connect as.';
  else if (form.user.trim().length > PG_IDENT_MAX) errors.user = `At most ${PG_IDENT_MAX} characters.`;
  if (form.password.length > 1000) errors.password = 'At most 1000 characters.';
  return errors;
}

export function hasErrors(errors: FormErrors): boolean {
  return Object.keys(errors).length > 0;
}

export function toSaveInput(form: ConnectionForm, id: string | null): SaveInput {
  const settings: SaveInput['settings'] =
    form.kind === 'sqlite'
      ? { kind: 'sqlite', path: form.path.trim() }
      : {
          kind: 'postgres',
          host: form.host.trim(),
          port: Number(form.port.trim()),
          database: form.database.trim(),
          user: form.user.trim(),
          sslMode: form.sslMode,
        };
  // SQLite has no password: switching a PostgreSQL connection to SQLite drops the stored one.
  const password =
    form.kind === 'sqlite'
      ? id
        ? null
        : undefined
      : form.passwordAction === 'set'
        ? form.password
        : form.passwordAction === 'remove'
          ? null
          : undefined;
  return {
    ...(id ? { id } : {}),
    name: form.name.trim(),
    settings,
    protected: form.protected,
    shared: form.shared,
    ...(password !== undefined ? { password } : {}),
  };
}

/** The dialog's Test: the settings as the form has them, the typed password (else the stored one); nothing saved. */
export function toTestInput(form: ConnectionForm, id: string | null): Input<'connections.testSettings'> {
  const { settings } = toSaveInput(form, id);
  return {
    settings,
    ...(form.kind === 'postgres' && form.passwordAction === 'set' ? { password: form.password } : {}),
    ...(id && form.passwordAction === 'keep' ? { id } : {}),
  };
}

/** Whether saving would change anything: a test of unsaved edits must save them first. */
export function isDirty(form: ConnectionForm, saved: ConnectionInfo | undefined): boolean {
  if (!saved) return true;
  if (form.passwordAction !== 'keep') return true;
  const a = toSaveInput(form, saved.id);
  return (
    a.name !== saved.name ||
    a.protected !== saved.protected ||
    a.shared !== (saved.shared === true) ||
    !sameSettings(a.settings, saved.settings)
  );
}

function sameSettings(a: SaveInput['settings'], b: ConnectionInfo['settings']): boolean {
  if (a.kind === 'sqlite' || b.kind === 'sqlite')
    return a.kind === b.kind && a.kind === 'sqlite' && b.kind === 'sqlite' && a.path === b.path;
  return (
    a.host === b.host && a.port === b.port && a.database === b.database && a.user === b.user && a.sslMode === b.sslMode
  );
}

export function databaseNameOf(info: ConnectionInfo): string {
  const s = info.settings;
  if (s.kind === 'postgres') return s.database;
  const parts = s.path.split(/[\\/]/);
  return parts[parts.length - 1] ?? s.path;
}

export function describeTarget(info: ConnectionInfo): string {
  const s = info.settings;
  return s.kind === 'sqlite' ? s.path : `${s.user}@${s.host}:${s.port}/${s.database}`;
}
