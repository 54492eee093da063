/** Placeholder until this screen is ported from web/legacy. */
export function OperatorScreen() {
  return <h1>OperatorScreen</h1>;
}
