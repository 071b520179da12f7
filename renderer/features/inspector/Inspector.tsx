// SCAFFOLD — replaced by the inspector feature.
export function Inspector() {
  return <div data-scaffold="inspector" />;
}
