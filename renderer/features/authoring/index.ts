// Writing revisions from the studio: the New revision dialog and its command.
export { NewRevisionDialog } from './NewRevisionDialog.tsx';
export { createRevision, type NewRevisionForm } from './commands.ts';
