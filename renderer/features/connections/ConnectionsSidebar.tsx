// SCAFFOLD — replaced by the connections feature.
export function ConnectionsSidebar() {
  return <div data-scaffold="connections" />;
}
