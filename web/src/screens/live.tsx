/** Placeholder until this screen is built. */
export function LiveScreen({ id }: { id: string }) {
  return <h1 data-trip={id}>Live</h1>;
}
