export { GraphView } from './GraphView.tsx';
export { ProjectProblems } from './components/ProjectProblems.tsx';
