// A small spinning ring, sized to the text around it.
export function Spinner({ label }: { readonly label?: string }) {
  return (
    <span
      className="ui-spinner"
      role={label ? 'status' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  );
}
