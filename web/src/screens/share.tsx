/** Placeholder until this screen is ported from web/legacy. */
export function ShareScreen({ id }: { id: string }) {
  return <h1 data-share={id}>Share</h1>;
}
