// SCAFFOLD — replaced by the run feature.
export function RunConsole() {
  return <div data-scaffold="run" />;
}
