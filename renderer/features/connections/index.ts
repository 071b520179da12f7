// The left bar: project summary, connections, the connection dialog.
export { ConnectionsSidebar } from './ConnectionsSidebar.tsx';
/** The name a protected connection asks to be typed before a change (the service's rule). */
export { databaseNameOf } from './form.ts';
