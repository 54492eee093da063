/** Placeholder until this screen is ported from web/legacy. */
export function TripsScreen() {
  return <h1>TripsScreen</h1>;
}
