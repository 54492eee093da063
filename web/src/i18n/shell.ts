/** The shell's words: header, connection banner, queued shares, sign-in outcome, install hints. */
import type { Lang } from './index.js';

export interface ShellWords {
  tagline: string;
  skip: string;
  nav: string;
  trips: string;
  settings: string;
  offline: string;
  unreachable: string;
  /** "offline copy from 13:56" */
  cachedFrom: (time: string) => string;
  retryConnection: string;
  waiting: (n: number) => string;
  sent: (n: number) => string;
  signInOutcome: Record<string, string>;
  reconnect: string;
  reconnectButton: string;
  installHeading: string;
  installText: string;
  installButton: string;
  iosHeading: string;
  iosText: string;
  dismiss: string;
}

const en: ShellWords = {
  tagline: 'A mixtape exactly as long as your train ride',
  skip: 'Skip to content',
  nav: 'Main',
  trips: 'Trips',
  settings: 'Settings',
  offline: 'You are offline.',
  unreachable: 'Railtape is unreachable right now. Your network works; the server does not answer.',
  cachedFrom: (time) => `Showing the offline copy from ${time}.`,
  retryConnection: 'Try again',
  waiting: (n) => (n === 1 ? '1 share waiting to be sent' : `${n} shares waiting to be sent`),
  sent: (n) => (n === 1 ? 'Your saved share was sent.' : `Your ${n} saved shares were sent.`),
  signInOutcome: {
    denied: 'You did not allow Railtape on Spotify, so you are not signed in.',
    not_allowed:
      'This Railtape server does not have your Spotify account on its list yet. Ask its owner to add you.',
    failed: 'Signing in did not work. Please try again.',
  },
  reconnect: 'Spotify needs you to connect again before Railtape can use your music.',
  reconnectButton: 'Connect Spotify again',
  installHeading: 'Install Railtape',
  installText: 'Then Railtape is in the share menu of the SBB app: share a trip straight to it.',
  installButton: 'Install',
  iosHeading: 'On iPhone: paste the link',
  iosText:
    'In the SBB app, open your connection, tap Share → Copy link, then paste it here. Add Railtape to your Home Screen (Share → Add to Home Screen) to find it again.',
  dismiss: 'Dismiss',
};

const de: ShellWords = {
  tagline: 'Ein Mixtape, genau so lang wie deine Zugfahrt',
  skip: 'Zum Inhalt springen',
  nav: 'Hauptnavigation',
  trips: 'Reisen',
  settings: 'Einstellungen',
  offline: 'Du bist offline.',
  unreachable: 'Railtape ist gerade nicht erreichbar. Dein Netz funktioniert, der Server antwortet nicht.',
  cachedFrom: (time) => `Du siehst die Offline-Kopie von ${time}.`,
  retryConnection: 'Erneut versuchen',
  waiting: (n) => (n === 1 ? '1 Freigabe wartet auf das Senden' : `${n} Freigaben warten auf das Senden`),
  sent: (n) =>
    n === 1
      ? 'Deine gespeicherte Freigabe wurde gesendet.'
      : `Deine ${n} gespeicherten Freigaben wurden gesendet.`,
  signInOutcome: {
    denied: 'Du hast Railtape bei Spotify nicht zugelassen, darum bist du nicht angemeldet.',
    not_allowed:
      'Dieser Railtape-Server hat dein Spotify-Konto noch nicht auf seiner Liste. Bitte den Betreiber, dich hinzuzufügen.',
    failed: 'Die Anmeldung hat nicht geklappt. Bitte versuche es nochmals.',
  },
  reconnect: 'Spotify möchte, dass du dich erneut verbindest, bevor Railtape deine Musik nutzen kann.',
  reconnectButton: 'Spotify erneut verbinden',
  installHeading: 'Railtape installieren',
  installText: 'Dann steht Railtape im Teilen-Menü der SBB-App: Teile eine Reise direkt dorthin.',
  installButton: 'Installieren',
  iosHeading: 'Auf dem iPhone: Link einfügen',
  iosText:
    'Öffne in der SBB-App deine Verbindung, tippe auf Teilen → Link kopieren und füge ihn hier ein. Lege Railtape auf den Home-Bildschirm (Teilen → Zum Home-Bildschirm), um es wiederzufinden.',
  dismiss: 'Ausblenden',
};

const fr: ShellWords = {
  tagline: 'Une mixtape aussi longue que votre trajet en train',
  skip: 'Aller au contenu',
  nav: 'Navigation principale',
  trips: 'Voyages',
  settings: 'Réglages',
  offline: 'Vous êtes hors ligne.',
  unreachable: 'Railtape est injoignable pour le moment. Votre réseau fonctionne, le serveur ne répond pas.',
  cachedFrom: (time) => `Copie hors ligne de ${time}.`,
  retryConnection: 'Réessayer',
  waiting: (n) => (n === 1 ? "1 partage en attente d'envoi" : `${n} partages en attente d'envoi`),
  sent: (n) =>
    n === 1 ? 'Votre partage enregistré a été envoyé.' : `Vos ${n} partages enregistrés ont été envoyés.`,
  signInOutcome: {
    denied: "Vous n'avez pas autorisé Railtape sur Spotify, vous n'êtes donc pas connecté.",
    not_allowed:
      "Ce serveur Railtape n'a pas encore votre compte Spotify sur sa liste. Demandez à son responsable de vous ajouter.",
    failed: "La connexion n'a pas abouti. Veuillez réessayer.",
  },
  reconnect: 'Spotify vous demande de vous reconnecter avant que Railtape puisse utiliser votre musique.',
  reconnectButton: 'Reconnecter Spotify',
  installHeading: 'Installer Railtape',
  installText:
    "Railtape apparaît alors dans le menu de partage de l'app CFF : partagez-y un voyage directement.",
  installButton: 'Installer',
  iosHeading: 'Sur iPhone : collez le lien',
  iosText:
    "Dans l'app CFF, ouvrez votre correspondance, touchez Partager → Copier le lien, puis collez-le ici. Ajoutez Railtape à l'écran d'accueil (Partager → Sur l'écran d'accueil) pour le retrouver.",
  dismiss: 'Masquer',
};

const it: ShellWords = {
  tagline: 'Un mixtape lungo esattamente quanto il tuo viaggio in treno',
  skip: 'Vai al contenuto',
  nav: 'Navigazione principale',
  trips: 'Viaggi',
  settings: 'Impostazioni',
  offline: 'Sei offline.',
  unreachable: 'Railtape non è raggiungibile al momento. La tua rete funziona, il server non risponde.',
  cachedFrom: (time) => `Copia offline delle ${time}.`,
  retryConnection: 'Riprova',
  waiting: (n) => (n === 1 ? '1 condivisione in attesa di invio' : `${n} condivisioni in attesa di invio`),
  sent: (n) =>
    n === 1 ? 'La condivisione salvata è stata inviata.' : `Le ${n} condivisioni salvate sono state inviate.`,
  signInOutcome: {
    denied: 'Non hai autorizzato Railtape su Spotify, quindi non hai effettuato l’accesso.',
    not_allowed:
      'Questo server Railtape non ha ancora il tuo account Spotify nella sua lista. Chiedi al gestore di aggiungerti.',
    failed: "L'accesso non è riuscito. Riprova.",
  },
  reconnect: 'Spotify chiede di ricollegarti prima che Railtape possa usare la tua musica.',
  reconnectButton: 'Ricollega Spotify',
  installHeading: 'Installa Railtape',
  installText: "Così Railtape compare nel menu Condividi dell'app FFS: condividi un viaggio direttamente.",
  installButton: 'Installa',
  iosHeading: 'Su iPhone: incolla il link',
  iosText:
    "Nell'app FFS apri il collegamento, tocca Condividi → Copia link e incollalo qui. Aggiungi Railtape alla schermata Home (Condividi → Aggiungi alla schermata Home) per ritrovarlo.",
  dismiss: 'Nascondi',
};

export const SHELL: Record<Lang, ShellWords> = { en, de, fr, it };
