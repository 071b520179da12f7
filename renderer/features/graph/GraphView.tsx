// SCAFFOLD — replaced by the graph feature.
export function GraphView() {
  return <div data-scaffold="graph" />;
}
