export { GraphView } from './GraphView.tsx';
