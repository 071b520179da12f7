export { RunConsole } from './RunConsole.tsx';
