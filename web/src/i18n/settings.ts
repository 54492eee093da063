/**
 * The Settings screen's words (account, music, how you listen, reminders, language) in the four
 * languages; one shape, so a missing translation fails the typecheck. Durations go through
 * `duration()` like everywhere else.
 */
import type { MusicProvider } from '../api.js';
import { duration } from '../format.js';
import type { Lang } from './index.js';

/** What the notifications card says about push on this device (see push.ts). */
export type PushState = 'on' | 'off' | 'denied' | 'unsupported' | 'homeScreen' | 'notOffered';

const mins = (min: number) => duration(min * 60);

export interface SettingsWords {
  title: string;
  intro: string;
  loading: string;
  saving: string;
  saved: string;
  somethingWrong: string;
  offline: string;

  accountHeading: string;
  signedInAs: (name: string) => string;
  localAccount: string;
  signInText: string;
  signInButton: string;
  spotifyConnected: (account: string, until: string) => string;
  spotifyNotConnected: string;
  connectButton: string;
  reconnect: string;
  reconnectReasons: Record<string, string>;
  reconnectButton: string;
  signOut: string;
  signOutEverywhere: string;
  signedOut: string;
  signedOutEverywhere: (sessions: number) => string;
  dataHeading: string;
  exportButton: string;
  exportHelp: string;
  deleteButton: string;
  deleteConfirmText: string;
  deleteConfirm: string;
  deleteCancel: string;
  deleting: string;

  musicHeading: string;
  sourceLegend: string;
  sourceLabels: Record<MusicProvider, string>;
  sourceNames: Record<MusicProvider, string>;
  sourceSaved: (name: string) => string;
  spotifyMusicLegend: string;
  topTracks: string;
  savedTracks: string;
  playlistsLabel: string;
  playlistsHelp: string;
  playlistsSave: string;
  playlistsInvalid: (items: string) => string;
  playlistsTooMany: (max: number) => string;
  playlistsSaved: (n: number) => string;
  genresLabel: string;
  genresHelp: string;
  genreAdd: string;
  genreRemove: (genre: string) => string;
  genresNone: string;
  genresTooMany: (max: number) => string;
  genreTooLong: (max: number) => string;
  explicitLabel: string;
  explicitSaved: (allowed: boolean) => string;
  perArtistLabel: string;
  perArtistHelp: string;
  perArtistSaved: (n: number) => string;
  libraryHeading: string;
  libraryCount: (n: number) => string;
  libraryLastScan: (at: string) => string;
  libraryNeverScanned: string;
  libraryScan: string;
  libraryScanning: string;
  libraryScanned: (added: number, changed: number, removed: number, failed: number) => string;

  listeningHeading: string;
  crossfadeLabel: string;
  crossfadeOption: (s: number) => string;
  crossfadeHelp: string;
  crossfadeSaved: (s: number) => string;
  leadInLabel: string;
  leadInOption: (min: number) => string;
  leadInSaved: (min: number) => string;

  remindersHeading: string;
  remindersWhat: string;
  remindersWhatItems: string[];
  remindersTurnOn: string;
  remindersTurnOff: string;
  pushState: Record<PushState, string>;
  remindersWorking: string;
  remindersDismissed: string;
  remindersFailed: string;
  leadLabel: string;
  leadOption: (min: number) => string;
  leadSaved: (min: number) => string;
  testButton: string;
  testSending: string;
  testResult: (sent: number, failed: number) => string;

  languageHeading: string;
  languageSaved: string;
}

const en: SettingsWords = {
  title: 'Settings',
  intro: 'Every change is saved at once.',
  loading: 'Loading your settings…',
  saving: 'Saving…',
  saved: 'Saved.',
  somethingWrong: 'Something went wrong.',
  offline: 'You are offline.',

  accountHeading: 'Account',
  signedInAs: (name) => `Signed in as ${name}`,
  localAccount:
    'This Railtape server has one traveller and no sign-in: your trips and settings stay on this server.',
  signInText: 'Railtape makes your mixtapes from your own Spotify music and puts them into your account.',
  signInButton: 'Sign in with Spotify',
  spotifyConnected: (account, until) => `Spotify connected (${account}) until ${until}.`,
  spotifyNotConnected: 'Spotify is not connected: new mixtapes come from the demo catalog.',
  connectButton: 'Connect Spotify',
  reconnect: 'Spotify needs you to connect again before Railtape can use your music.',
  reconnectReasons: {
    consent_expired: 'Spotify’s permission ends six months after you gave it.',
    not_allow_listed: 'This server’s Spotify app does not have your account on its list.',
    unauthorized: 'Spotify no longer accepts Railtape’s access to your account.',
  },
  reconnectButton: 'Connect Spotify again',
  signOut: 'Sign out',
  signOutEverywhere: 'Sign out on every device',
  signedOut: 'You are signed out.',
  signedOutEverywhere: (n) =>
    n === 1 ? 'You are signed out (1 session ended).' : `You are signed out (${n} sessions ended).`,
  dataHeading: 'Your data',
  exportButton: 'Download my data',
  exportHelp: 'One JSON file with everything Railtape keeps about you: shares, trips, playlists, settings.',
  deleteButton: 'Delete my account',
  deleteConfirmText:
    'This deletes your account, trips, playlists and settings on Railtape for good. Playlists in your Spotify stay yours.',
  deleteConfirm: 'Yes, delete everything',
  deleteCancel: 'Keep my account',
  deleting: 'Deleting…',

  musicHeading: 'Music',
  sourceLegend: 'Where new mixtapes take their songs from',
  sourceLabels: {
    demo: 'Demo catalog',
    spotify: 'Spotify',
    subsonic: 'Your music server (Subsonic)',
    local: 'The music library on this server',
  },
  sourceNames: {
    demo: 'the demo catalog',
    spotify: 'your Spotify',
    subsonic: 'your music server (Subsonic)',
    local: 'the music library on this server',
  },
  sourceSaved: (name) => `Saved: new mixtapes come from ${name}.`,
  spotifyMusicLegend: 'From your Spotify',
  topTracks: 'Your most played songs',
  savedTracks: 'Your liked songs',
  playlistsLabel: 'Your own playlists',
  playlistsHelp: 'Paste Spotify playlist links (Share → Copy link) or ids, one a line; at most 20.',
  playlistsSave: 'Save playlists',
  playlistsInvalid: (items) => `Not a Spotify playlist link: ${items}`,
  playlistsTooMany: (max) => `At most ${max} playlists.`,
  playlistsSaved: (n) =>
    n === 0 ? 'Saved: no own playlists.' : n === 1 ? 'Saved: 1 playlist.' : `Saved: ${n} playlists.`,
  genresLabel: 'Genres',
  genresHelp: 'Songs of these genres join your own music; at most 10.',
  genreAdd: 'Add',
  genreRemove: (genre) => `Remove ${genre}`,
  genresNone: 'No genres yet.',
  genresTooMany: (max) => `At most ${max} genres.`,
  genreTooLong: (max) => `A genre has at most ${max} characters.`,
  explicitLabel: 'Allow songs marked explicit',
  explicitSaved: (allowed) => (allowed ? 'Saved: explicit songs allowed.' : 'Saved: no explicit songs.'),
  perArtistLabel: 'Songs by one artist per hour, at most',
  perArtistHelp: 'So one artist does not fill a whole ride.',
  perArtistSaved: (n) => `Saved: at most ${n} per artist per hour.`,
  libraryHeading: 'Music library on this server',
  libraryCount: (n) => (n === 1 ? '1 song' : `${n} songs`),
  libraryLastScan: (at) => `last scanned ${at}`,
  libraryNeverScanned: 'not scanned yet',
  libraryScan: 'Scan the library',
  libraryScanning: 'Scanning…',
  libraryScanned: (added, changed, removed, failed) =>
    `Scanned: ${added} added, ${changed} changed, ${removed} removed${failed ? `, ${failed} unreadable` : ''}.`,

  listeningHeading: 'How you listen',
  crossfadeLabel: 'Crossfade',
  crossfadeOption: (s) => (s === 0 ? 'off' : `${s} s`),
  crossfadeHelp:
    "Set it to what your player does, so the mixtape still ends as you arrive. In Spotify: Settings → Playback → Crossfade. Automix (on Spotify's own playlists) changes transitions too.",
  crossfadeSaved: (s) =>
    s === 0 ? 'Saved: songs play one after the other.' : `Saved: songs overlap by ${s} s.`,
  leadInLabel: 'Music on the platform',
  leadInOption: (min) => (min === 0 ? 'none' : `${mins(min)} before departure`),
  leadInSaved: (min) =>
    min === 0
      ? 'Saved: the mixtape starts as the train leaves.'
      : `Saved: the mixtape starts ${mins(min)} before departure; a new song as the train leaves.`,

  remindersHeading: 'Reminders & notifications',
  remindersWhat: 'With notifications on, Railtape sends this device:',
  remindersWhatItems: [
    'a reminder before each trip leaves (as early as you set below), with your mixtape ready to play;',
    'an alert when real-time data says your train is late enough to break a connection.',
  ],
  remindersTurnOn: 'Turn on notifications',
  remindersTurnOff: 'Turn off notifications',
  pushState: {
    on: 'Notifications are on for this device.',
    off: 'Notifications are off for this device.',
    denied: 'Notifications are blocked for Railtape. Allow them in your browser settings.',
    unsupported: 'This browser cannot show notifications.',
    homeScreen: 'Notifications need Railtape on your Home Screen: tap Share, then “Add to Home Screen”.',
    notOffered: 'This Railtape server does not send notifications.',
  },
  remindersWorking: 'One moment…',
  remindersDismissed: 'Notifications were not allowed, so they stay off.',
  remindersFailed: 'Notifications could not be turned on for this device. Please try again later.',
  leadLabel: 'Remind me',
  leadOption: (min) => (min === 0 ? 'at departure' : `${mins(min)} before departure`),
  leadSaved: (min) =>
    min === 0
      ? 'Saved: reminders come at departure.'
      : `Saved: reminders come ${mins(min)} before departure.`,
  testButton: 'Send a test notification',
  testSending: 'Sending…',
  testResult: (sent, failed) =>
    sent === 0 && failed === 0
      ? 'No device of yours has notifications on, so nothing was sent.'
      : `Sent to ${sent} ${sent === 1 ? 'device' : 'devices'}${failed ? `; ${failed} could not be reached` : ''}.`,

  languageHeading: 'Language',
  languageSaved: 'Railtape speaks English now.',
};

const de: SettingsWords = {
  title: 'Einstellungen',
  intro: 'Jede Änderung wird sofort gespeichert.',
  loading: 'Deine Einstellungen werden geladen …',
  saving: 'Wird gespeichert …',
  saved: 'Gespeichert.',
  somethingWrong: 'Etwas ist schiefgelaufen.',
  offline: 'Du bist offline.',

  accountHeading: 'Konto',
  signedInAs: (name) => `Angemeldet als ${name}`,
  localAccount:
    'Dieser Railtape-Server hat eine Reisende oder einen Reisenden und keine Anmeldung: Reisen und Einstellungen bleiben auf diesem Server.',
  signInText: 'Railtape macht deine Mixtapes aus deiner eigenen Spotify-Musik und legt sie in dein Konto.',
  signInButton: 'Mit Spotify anmelden',
  spotifyConnected: (account, until) => `Spotify verbunden (${account}) bis ${until}.`,
  spotifyNotConnected: 'Spotify ist nicht verbunden: Neue Mixtapes kommen aus dem Demo-Katalog.',
  connectButton: 'Spotify verbinden',
  reconnect: 'Spotify möchte, dass du dich erneut verbindest, bevor Railtape deine Musik nutzen kann.',
  reconnectReasons: {
    consent_expired: 'Die Erlaubnis bei Spotify endet sechs Monate, nachdem du sie gegeben hast.',
    not_allow_listed: 'Die Spotify-App dieses Servers hat dein Konto nicht auf ihrer Liste.',
    unauthorized: 'Spotify akzeptiert den Zugriff von Railtape auf dein Konto nicht mehr.',
  },
  reconnectButton: 'Spotify erneut verbinden',
  signOut: 'Abmelden',
  signOutEverywhere: 'Auf allen Geräten abmelden',
  signedOut: 'Du bist abgemeldet.',
  signedOutEverywhere: (n) =>
    n === 1 ? 'Du bist abgemeldet (1 Sitzung beendet).' : `Du bist abgemeldet (${n} Sitzungen beendet).`,
  dataHeading: 'Deine Daten',
  exportButton: 'Meine Daten herunterladen',
  exportHelp:
    'Eine JSON-Datei mit allem, was Railtape über dich speichert: Freigaben, Reisen, Playlists, Einstellungen.',
  deleteButton: 'Mein Konto löschen',
  deleteConfirmText:
    'Das löscht dein Konto, deine Reisen, Playlists und Einstellungen bei Railtape endgültig. Playlists in deinem Spotify bleiben dir.',
  deleteConfirm: 'Ja, alles löschen',
  deleteCancel: 'Konto behalten',
  deleting: 'Wird gelöscht …',

  musicHeading: 'Musik',
  sourceLegend: 'Woher neue Mixtapes ihre Songs nehmen',
  sourceLabels: {
    demo: 'Demo-Katalog',
    spotify: 'Spotify',
    subsonic: 'Dein Musikserver (Subsonic)',
    local: 'Die Musikbibliothek dieses Servers',
  },
  sourceNames: {
    demo: 'dem Demo-Katalog',
    spotify: 'deinem Spotify',
    subsonic: 'deinem Musikserver (Subsonic)',
    local: 'der Musikbibliothek dieses Servers',
  },
  sourceSaved: (name) => `Gespeichert: Neue Mixtapes kommen aus ${name}.`,
  spotifyMusicLegend: 'Aus deinem Spotify',
  topTracks: 'Deine meistgehörten Songs',
  savedTracks: 'Deine Lieblingssongs',
  playlistsLabel: 'Deine eigenen Playlists',
  playlistsHelp:
    'Füge Spotify-Playlist-Links (Teilen → Link kopieren) oder IDs ein, eine pro Zeile; höchstens 20.',
  playlistsSave: 'Playlists speichern',
  playlistsInvalid: (items) => `Kein Spotify-Playlist-Link: ${items}`,
  playlistsTooMany: (max) => `Höchstens ${max} Playlists.`,
  playlistsSaved: (n) =>
    n === 0
      ? 'Gespeichert: keine eigenen Playlists.'
      : n === 1
        ? 'Gespeichert: 1 Playlist.'
        : `Gespeichert: ${n} Playlists.`,
  genresLabel: 'Genres',
  genresHelp: 'Songs dieser Genres kommen zu deiner eigenen Musik dazu; höchstens 10.',
  genreAdd: 'Hinzufügen',
  genreRemove: (genre) => `${genre} entfernen`,
  genresNone: 'Noch keine Genres.',
  genresTooMany: (max) => `Höchstens ${max} Genres.`,
  genreTooLong: (max) => `Ein Genre hat höchstens ${max} Zeichen.`,
  explicitLabel: 'Songs mit «Explicit»-Kennzeichnung erlauben',
  explicitSaved: (allowed) =>
    allowed ? 'Gespeichert: Explicit-Songs erlaubt.' : 'Gespeichert: keine Explicit-Songs.',
  perArtistLabel: 'Songs derselben Band pro Stunde, höchstens',
  perArtistHelp: 'Damit nicht eine Band die ganze Fahrt füllt.',
  perArtistSaved: (n) => `Gespeichert: höchstens ${n} pro Band und Stunde.`,
  libraryHeading: 'Musikbibliothek dieses Servers',
  libraryCount: (n) => (n === 1 ? '1 Song' : `${n} Songs`),
  libraryLastScan: (at) => `zuletzt durchsucht ${at}`,
  libraryNeverScanned: 'noch nicht durchsucht',
  libraryScan: 'Bibliothek durchsuchen',
  libraryScanning: 'Wird durchsucht …',
  libraryScanned: (added, changed, removed, failed) =>
    `Durchsucht: ${added} neu, ${changed} geändert, ${removed} entfernt${failed ? `, ${failed} unlesbar` : ''}.`,

  listeningHeading: 'Wie du hörst',
  crossfadeLabel: 'Crossfade',
  crossfadeOption: (s) => (s === 0 ? 'aus' : `${s} s`),
  crossfadeHelp:
    'Stell ein, was dein Player macht, damit das Mixtape trotzdem bei der Ankunft endet. In Spotify: Einstellungen → Wiedergabe → Crossfade. Automix (in Spotifys eigenen Playlists) ändert die Übergänge ebenfalls.',
  crossfadeSaved: (s) =>
    s === 0 ? 'Gespeichert: Songs folgen ohne Überblendung.' : `Gespeichert: Songs überblenden ${s} s.`,
  leadInLabel: 'Musik auf dem Perron',
  leadInOption: (min) => (min === 0 ? 'keine' : `${mins(min)} vor Abfahrt`),
  leadInSaved: (min) =>
    min === 0
      ? 'Gespeichert: Das Mixtape beginnt bei der Abfahrt.'
      : `Gespeichert: Das Mixtape beginnt ${mins(min)} vor Abfahrt; ein neuer Song, wenn der Zug abfährt.`,

  remindersHeading: 'Erinnerungen und Mitteilungen',
  remindersWhat: 'Mit eingeschalteten Mitteilungen schickt Railtape diesem Gerät:',
  remindersWhatItems: [
    'eine Erinnerung vor jeder Abfahrt (so früh, wie du unten einstellst), mit deinem Mixtape bereit zum Abspielen;',
    'eine Warnung, wenn dein Zug laut Echtzeitdaten so spät ist, dass ein Anschluss bricht.',
  ],
  remindersTurnOn: 'Mitteilungen einschalten',
  remindersTurnOff: 'Mitteilungen ausschalten',
  pushState: {
    on: 'Mitteilungen sind auf diesem Gerät eingeschaltet.',
    off: 'Mitteilungen sind auf diesem Gerät ausgeschaltet.',
    denied: 'Mitteilungen für Railtape sind blockiert. Erlaube sie in den Browser-Einstellungen.',
    unsupported: 'Dieser Browser kann keine Mitteilungen anzeigen.',
    homeScreen:
      'Mitteilungen brauchen Railtape auf dem Home-Bildschirm: Tippe auf Teilen und dann auf «Zum Home-Bildschirm».',
    notOffered: 'Dieser Railtape-Server verschickt keine Mitteilungen.',
  },
  remindersWorking: 'Einen Moment …',
  remindersDismissed: 'Mitteilungen wurden nicht erlaubt, sie bleiben aus.',
  remindersFailed:
    'Mitteilungen liessen sich auf diesem Gerät nicht einschalten. Versuche es später nochmals.',
  leadLabel: 'Erinnern',
  leadOption: (min) => (min === 0 ? 'bei Abfahrt' : `${mins(min)} vor Abfahrt`),
  leadSaved: (min) =>
    min === 0 ? 'Gespeichert: Erinnerung bei Abfahrt.' : `Gespeichert: Erinnerung ${mins(min)} vor Abfahrt.`,
  testButton: 'Test-Mitteilung senden',
  testSending: 'Wird gesendet …',
  testResult: (sent, failed) =>
    sent === 0 && failed === 0
      ? 'Auf keinem deiner Geräte sind Mitteilungen eingeschaltet, darum wurde nichts gesendet.'
      : `An ${sent} ${sent === 1 ? 'Gerät' : 'Geräte'} gesendet${failed ? `; ${failed} nicht erreichbar` : ''}.`,

  languageHeading: 'Sprache',
  languageSaved: 'Railtape spricht jetzt Deutsch.',
};

const fr: SettingsWords = {
  title: 'Réglages',
  intro: 'Chaque modification est enregistrée aussitôt.',
  loading: 'Chargement de vos réglages…',
  saving: 'Enregistrement…',
  saved: 'Enregistré.',
  somethingWrong: 'Un problème est survenu.',
  offline: 'Vous êtes hors ligne.',

  accountHeading: 'Compte',
  signedInAs: (name) => `Connecté en tant que ${name}`,
  localAccount:
    'Ce serveur Railtape a un seul voyageur et pas de connexion : vos voyages et réglages restent sur ce serveur.',
  signInText:
    'Railtape crée vos mixtapes à partir de votre propre musique Spotify et les ajoute à votre compte.',
  signInButton: 'Se connecter avec Spotify',
  spotifyConnected: (account, until) => `Spotify connecté (${account}) jusqu’au ${until}.`,
  spotifyNotConnected:
    'Spotify n’est pas connecté : les nouvelles mixtapes viennent du catalogue de démonstration.',
  connectButton: 'Connecter Spotify',
  reconnect: 'Spotify vous demande de vous reconnecter avant que Railtape puisse utiliser votre musique.',
  reconnectReasons: {
    consent_expired: 'L’autorisation Spotify prend fin six mois après l’avoir donnée.',
    not_allow_listed: 'L’application Spotify de ce serveur n’a pas votre compte sur sa liste.',
    unauthorized: 'Spotify n’accepte plus l’accès de Railtape à votre compte.',
  },
  reconnectButton: 'Reconnecter Spotify',
  signOut: 'Se déconnecter',
  signOutEverywhere: 'Se déconnecter sur tous les appareils',
  signedOut: 'Vous êtes déconnecté.',
  signedOutEverywhere: (n) =>
    n === 1 ? 'Vous êtes déconnecté (1 session fermée).' : `Vous êtes déconnecté (${n} sessions fermées).`,
  dataHeading: 'Vos données',
  exportButton: 'Télécharger mes données',
  exportHelp:
    'Un fichier JSON avec tout ce que Railtape garde sur vous : partages, voyages, playlists, réglages.',
  deleteButton: 'Supprimer mon compte',
  deleteConfirmText:
    'Cela supprime définitivement votre compte, vos voyages, playlists et réglages sur Railtape. Les playlists de votre Spotify restent à vous.',
  deleteConfirm: 'Oui, tout supprimer',
  deleteCancel: 'Garder mon compte',
  deleting: 'Suppression…',

  musicHeading: 'Musique',
  sourceLegend: 'D’où les nouvelles mixtapes prennent leurs morceaux',
  sourceLabels: {
    demo: 'Le catalogue de démonstration',
    spotify: 'Spotify',
    subsonic: 'Votre serveur de musique (Subsonic)',
    local: 'La bibliothèque musicale de ce serveur',
  },
  sourceNames: {
    demo: 'le catalogue de démonstration',
    spotify: 'votre Spotify',
    subsonic: 'votre serveur de musique (Subsonic)',
    local: 'la bibliothèque musicale de ce serveur',
  },
  sourceSaved: (name) => `Enregistré : les nouvelles mixtapes viennent de ${name}.`,
  spotifyMusicLegend: 'De votre Spotify',
  topTracks: 'Vos morceaux les plus écoutés',
  savedTracks: 'Vos titres likés',
  playlistsLabel: 'Vos propres playlists',
  playlistsHelp:
    'Collez des liens de playlists Spotify (Partager → Copier le lien) ou des identifiants, un par ligne ; 20 au plus.',
  playlistsSave: 'Enregistrer les playlists',
  playlistsInvalid: (items) => `Pas un lien de playlist Spotify : ${items}`,
  playlistsTooMany: (max) => `${max} playlists au plus.`,
  playlistsSaved: (n) =>
    n === 0
      ? 'Enregistré : aucune playlist propre.'
      : n === 1
        ? 'Enregistré : 1 playlist.'
        : `Enregistré : ${n} playlists.`,
  genresLabel: 'Genres',
  genresHelp: 'Des morceaux de ces genres rejoignent votre musique ; 10 au plus.',
  genreAdd: 'Ajouter',
  genreRemove: (genre) => `Retirer ${genre}`,
  genresNone: 'Aucun genre pour l’instant.',
  genresTooMany: (max) => `${max} genres au plus.`,
  genreTooLong: (max) => `Un genre a ${max} caractères au plus.`,
  explicitLabel: 'Autoriser les morceaux marqués explicites',
  explicitSaved: (allowed) =>
    allowed ? 'Enregistré : morceaux explicites autorisés.' : 'Enregistré : pas de morceaux explicites.',
  perArtistLabel: 'Morceaux d’un même artiste par heure, au plus',
  perArtistHelp: 'Pour qu’un seul artiste ne remplisse pas tout le trajet.',
  perArtistSaved: (n) => `Enregistré : ${n} au plus par artiste et par heure.`,
  libraryHeading: 'Bibliothèque musicale de ce serveur',
  libraryCount: (n) => (n === 1 ? '1 morceau' : `${n} morceaux`),
  libraryLastScan: (at) => `analysée le ${at}`,
  libraryNeverScanned: 'pas encore analysée',
  libraryScan: 'Analyser la bibliothèque',
  libraryScanning: 'Analyse…',
  libraryScanned: (added, changed, removed, failed) =>
    `Analysée : ${added} ajoutés, ${changed} modifiés, ${removed} retirés${failed ? `, ${failed} illisibles` : ''}.`,

  listeningHeading: 'Votre écoute',
  crossfadeLabel: 'Fondu enchaîné',
  crossfadeOption: (s) => (s === 0 ? 'désactivé' : `${s} s`),
  crossfadeHelp:
    'Réglez-le comme votre lecteur, pour que le mixtape finisse quand même à l’arrivée. Dans Spotify : Paramètres → Lecture → Fondu enchaîné. Automix (sur les playlists de Spotify) modifie aussi les transitions.',
  crossfadeSaved: (s) =>
    s === 0
      ? 'Enregistré : les morceaux se suivent sans fondu.'
      : `Enregistré : les morceaux se chevauchent de ${s} s.`,
  leadInLabel: 'Musique sur le quai',
  leadInOption: (min) => (min === 0 ? 'aucune' : `${mins(min)} avant le départ`),
  leadInSaved: (min) =>
    min === 0
      ? 'Enregistré : le mixtape commence au départ du train.'
      : `Enregistré : le mixtape commence ${mins(min)} avant le départ ; un nouveau morceau quand le train part.`,

  remindersHeading: 'Rappels et notifications',
  remindersWhat: 'Avec les notifications activées, Railtape envoie à cet appareil :',
  remindersWhatItems: [
    'un rappel avant chaque départ (aussi tôt que réglé ci-dessous), avec votre mixtape prête à jouer ;',
    'une alerte quand les données en temps réel annoncent un retard qui fait manquer une correspondance.',
  ],
  remindersTurnOn: 'Activer les notifications',
  remindersTurnOff: 'Désactiver les notifications',
  pushState: {
    on: 'Les notifications sont activées sur cet appareil.',
    off: 'Les notifications sont désactivées sur cet appareil.',
    denied: 'Les notifications sont bloquées pour Railtape. Autorisez-les dans les réglages du navigateur.',
    unsupported: 'Ce navigateur ne peut pas afficher de notifications.',
    homeScreen:
      "Les notifications nécessitent Railtape sur l'écran d'accueil : touchez Partager, puis « Sur l'écran d'accueil ».",
    notOffered: "Ce serveur Railtape n'envoie pas de notifications.",
  },
  remindersWorking: 'Un instant…',
  remindersDismissed: "Les notifications n'ont pas été autorisées : elles restent désactivées.",
  remindersFailed: "Impossible d'activer les notifications sur cet appareil. Réessayez plus tard.",
  leadLabel: 'Me rappeler',
  leadOption: (min) => (min === 0 ? 'au départ' : `${mins(min)} avant le départ`),
  leadSaved: (min) =>
    min === 0 ? 'Enregistré : rappel au départ.' : `Enregistré : rappel ${mins(min)} avant le départ.`,
  testButton: 'Envoyer une notification de test',
  testSending: 'Envoi…',
  testResult: (sent, failed) =>
    sent === 0 && failed === 0
      ? 'Aucun de vos appareils n’a les notifications activées : rien n’a été envoyé.'
      : `Envoyée à ${sent} ${sent === 1 ? 'appareil' : 'appareils'}${failed ? ` ; ${failed} injoignable(s)` : ''}.`,

  languageHeading: 'Langue',
  languageSaved: 'Railtape parle maintenant français.',
};

const it: SettingsWords = {
  title: 'Impostazioni',
  intro: 'Ogni modifica viene salvata subito.',
  loading: 'Caricamento delle impostazioni…',
  saving: 'Salvataggio…',
  saved: 'Salvato.',
  somethingWrong: 'Qualcosa è andato storto.',
  offline: 'Sei offline.',

  accountHeading: 'Account',
  signedInAs: (name) => `Accesso come ${name}`,
  localAccount:
    'Questo server Railtape ha un solo viaggiatore e nessun accesso: viaggi e impostazioni restano su questo server.',
  signInText: 'Railtape crea i tuoi mixtape con la tua musica Spotify e li aggiunge al tuo account.',
  signInButton: 'Accedi con Spotify',
  spotifyConnected: (account, until) => `Spotify collegato (${account}) fino al ${until}.`,
  spotifyNotConnected: 'Spotify non è collegato: i nuovi mixtape vengono dal catalogo demo.',
  connectButton: 'Collega Spotify',
  reconnect: 'Spotify chiede di ricollegarti prima che Railtape possa usare la tua musica.',
  reconnectReasons: {
    consent_expired: 'L’autorizzazione di Spotify scade sei mesi dopo averla data.',
    not_allow_listed: 'L’app Spotify di questo server non ha il tuo account nella sua lista.',
    unauthorized: 'Spotify non accetta più l’accesso di Railtape al tuo account.',
  },
  reconnectButton: 'Ricollega Spotify',
  signOut: 'Esci',
  signOutEverywhere: 'Esci su tutti i dispositivi',
  signedOut: 'Sei uscito.',
  signedOutEverywhere: (n) =>
    n === 1 ? 'Sei uscito (1 sessione chiusa).' : `Sei uscito (${n} sessioni chiuse).`,
  dataHeading: 'I tuoi dati',
  exportButton: 'Scarica i miei dati',
  exportHelp:
    'Un file JSON con tutto ciò che Railtape conserva su di te: condivisioni, viaggi, playlist, impostazioni.',
  deleteButton: 'Elimina il mio account',
  deleteConfirmText:
    'Questo elimina per sempre il tuo account, i viaggi, le playlist e le impostazioni su Railtape. Le playlist nel tuo Spotify restano tue.',
  deleteConfirm: 'Sì, elimina tutto',
  deleteCancel: 'Tieni il mio account',
  deleting: 'Eliminazione…',

  musicHeading: 'Musica',
  sourceLegend: 'Da dove i nuovi mixtape prendono i brani',
  sourceLabels: {
    demo: 'Catalogo demo',
    spotify: 'Spotify',
    subsonic: 'Il tuo server musicale (Subsonic)',
    local: 'La libreria musicale di questo server',
  },
  sourceNames: {
    demo: 'il catalogo demo',
    spotify: 'il tuo Spotify',
    subsonic: 'il tuo server musicale (Subsonic)',
    local: 'la libreria musicale di questo server',
  },
  sourceSaved: (name) => `Salvato: i nuovi mixtape vengono da ${name}.`,
  spotifyMusicLegend: 'Dal tuo Spotify',
  topTracks: 'I brani che ascolti di più',
  savedTracks: 'I tuoi brani preferiti',
  playlistsLabel: 'Le tue playlist',
  playlistsHelp:
    'Incolla link di playlist Spotify (Condividi → Copia link) o ID, uno per riga; al massimo 20.',
  playlistsSave: 'Salva le playlist',
  playlistsInvalid: (items) => `Non è un link di playlist Spotify: ${items}`,
  playlistsTooMany: (max) => `Al massimo ${max} playlist.`,
  playlistsSaved: (n) =>
    n === 0
      ? 'Salvato: nessuna playlist propria.'
      : n === 1
        ? 'Salvato: 1 playlist.'
        : `Salvato: ${n} playlist.`,
  genresLabel: 'Generi',
  genresHelp: 'Brani di questi generi si aggiungono alla tua musica; al massimo 10.',
  genreAdd: 'Aggiungi',
  genreRemove: (genre) => `Rimuovi ${genre}`,
  genresNone: 'Ancora nessun genere.',
  genresTooMany: (max) => `Al massimo ${max} generi.`,
  genreTooLong: (max) => `Un genere ha al massimo ${max} caratteri.`,
  explicitLabel: 'Consenti brani segnati come espliciti',
  explicitSaved: (allowed) =>
    allowed ? 'Salvato: brani espliciti consentiti.' : 'Salvato: nessun brano esplicito.',
  perArtistLabel: 'Brani dello stesso artista all’ora, al massimo',
  perArtistHelp: 'Così un solo artista non riempie tutto il viaggio.',
  perArtistSaved: (n) => `Salvato: al massimo ${n} per artista all’ora.`,
  libraryHeading: 'Libreria musicale di questo server',
  libraryCount: (n) => (n === 1 ? '1 brano' : `${n} brani`),
  libraryLastScan: (at) => `ultima scansione ${at}`,
  libraryNeverScanned: 'non ancora scansionata',
  libraryScan: 'Scansiona la libreria',
  libraryScanning: 'Scansione…',
  libraryScanned: (added, changed, removed, failed) =>
    `Scansionata: ${added} aggiunti, ${changed} modificati, ${removed} rimossi${failed ? `, ${failed} illeggibili` : ''}.`,

  listeningHeading: 'Come ascolti',
  crossfadeLabel: 'Dissolvenza incrociata',
  crossfadeOption: (s) => (s === 0 ? 'disattivata' : `${s} s`),
  crossfadeHelp:
    'Impostala come il tuo lettore, così il mixtape finisce comunque all’arrivo. In Spotify: Impostazioni → Riproduzione → Dissolvenza incrociata. Automix (nelle playlist di Spotify) cambia anche le transizioni.',
  crossfadeSaved: (s) =>
    s === 0
      ? 'Salvato: i brani si susseguono senza dissolvenza.'
      : `Salvato: i brani si sovrappongono di ${s} s.`,
  leadInLabel: 'Musica sul binario',
  leadInOption: (min) => (min === 0 ? 'nessuna' : `${mins(min)} prima della partenza`),
  leadInSaved: (min) =>
    min === 0
      ? 'Salvato: il mixtape inizia alla partenza del treno.'
      : `Salvato: il mixtape inizia ${mins(min)} prima della partenza; un nuovo brano quando il treno parte.`,

  remindersHeading: 'Promemoria e notifiche',
  remindersWhat: 'Con le notifiche attive, Railtape invia a questo dispositivo:',
  remindersWhatItems: [
    'un promemoria prima di ogni partenza (con l’anticipo impostato qui sotto), con il tuo mixtape pronto da ascoltare;',
    'un avviso quando i dati in tempo reale dicono che il ritardo del treno fa perdere una coincidenza.',
  ],
  remindersTurnOn: 'Attiva le notifiche',
  remindersTurnOff: 'Disattiva le notifiche',
  pushState: {
    on: 'Le notifiche sono attive su questo dispositivo.',
    off: 'Le notifiche sono disattivate su questo dispositivo.',
    denied: 'Le notifiche per Railtape sono bloccate. Consentile nelle impostazioni del browser.',
    unsupported: 'Questo browser non può mostrare notifiche.',
    homeScreen:
      'Le notifiche richiedono Railtape nella schermata Home: tocca Condividi, poi «Aggiungi alla schermata Home».',
    notOffered: 'Questo server Railtape non invia notifiche.',
  },
  remindersWorking: 'Un momento…',
  remindersDismissed: 'Le notifiche non sono state consentite: restano disattivate.',
  remindersFailed: 'Non è stato possibile attivare le notifiche su questo dispositivo. Riprova più tardi.',
  leadLabel: 'Avvisami',
  leadOption: (min) => (min === 0 ? 'alla partenza' : `${mins(min)} prima della partenza`),
  leadSaved: (min) =>
    min === 0
      ? 'Salvato: promemoria alla partenza.'
      : `Salvato: promemoria ${mins(min)} prima della partenza.`,
  testButton: 'Invia una notifica di prova',
  testSending: 'Invio…',
  testResult: (sent, failed) =>
    sent === 0 && failed === 0
      ? 'Nessun tuo dispositivo ha le notifiche attive, quindi non è stato inviato nulla.'
      : `Inviata a ${sent} ${sent === 1 ? 'dispositivo' : 'dispositivi'}${failed ? `; ${failed} non raggiungibili` : ''}.`,

  languageHeading: 'Lingua',
  languageSaved: 'Railtape ora parla italiano.',
};

export const SETTINGS: Record<Lang, SettingsWords> = { en, de, fr, it };
