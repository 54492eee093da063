/** Placeholder until this screen is ported from web/legacy. */
export function SettingsScreen() {
  return <h1>SettingsScreen</h1>;
}
