/** Placeholder until this screen is ported from web/legacy. */
export function TripScreen({ id }: { id: string; play: boolean }) {
  return <h1 data-trip={id}>Trip</h1>;
}
