// The first screen of a studio started without a project.
export { Welcome } from './Welcome.tsx';
export { runWelcomeAction, type WelcomeAction, type WelcomeOutcome } from './commands.ts';
