export { ConnectionsSidebar } from './ConnectionsSidebar.tsx';
