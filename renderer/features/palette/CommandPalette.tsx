// SCAFFOLD — replaced by the palette feature.
export function CommandPalette() {
  return null;
}
export function useGlobalShortcuts(): void {}
