/** The PWA's entry: the shell (header, navigation, connection state) and the screen for the route. */
import { render } from 'preact';
import { route, visit } from './router.js';
import { LiveScreen } from './screens/live.js';
import { OperatorScreen } from './screens/operator.js';
import { SettingsScreen } from './screens/settings.js';
import { ShareScreen } from './screens/share.js';
import { TripScreen } from './screens/trip.js';
import { TripsScreen } from './screens/trips.js';
import './styles/tokens.css';
import './styles/base.css';

function Screen() {
  const r = route.value;
  const key = `${visit.value}`;
  switch (r.screen) {
    case 'trip':
      return <TripScreen key={`${r.id}|${key}`} id={r.id} play={r.play} />;
    case 'live':
      return <LiveScreen key={`${r.id}|${key}`} id={r.id} />;
    case 'share':
      return <ShareScreen key={`${r.id}|${key}`} id={r.id} />;
    case 'settings':
      return <SettingsScreen key={key} />;
    case 'operator':
      return <OperatorScreen key={key} />;
    default:
      return <TripsScreen key={key} />;
  }
}

function App() {
  return (
    <>
      <header class="bar">
        <a href="#/" class="brand">
          Railtape
        </a>
        <nav aria-label="Railtape">
          <a href="#/settings">Settings</a>
        </nav>
      </header>
      <main id="app">
        <Screen />
      </main>
    </>
  );
}

render(<App />, document.getElementById('root') as HTMLElement);
