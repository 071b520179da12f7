// The review screen for autogenerate (palette "Autogenerate revision", the graph's toolbar).
export { ReviewScreen } from './ReviewScreen.tsx';
