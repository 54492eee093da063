/**
 * The PWA's own words in the four languages Swiss travellers use. Server messages (share errors,
 * playlist notes) arrive already translated: the browser sends Accept-Language with every request.
 */
import type { MusicProvider, Share, Trip } from '../api.js';

export type Lang = 'en' | 'de' | 'fr' | 'it';

/** What the departure-reminders card says about push on this device (see reminders.ts). */
export type ReminderState = 'on' | 'off' | 'denied' | 'unsupported' | 'homeScreen' | 'notOffered';

const LANGS: readonly Lang[] = ['en', 'de', 'fr', 'it'];

/** Formatting locales: Swiss conventions for de/fr/it, British (24-hour, day first) for English. */
export const LOCALES: Record<Lang, string> = { en: 'en-GB', de: 'de-CH', fr: 'fr-CH', it: 'it-CH' };

/** The first of the traveller's languages we speak (`['fr-CH', 'en']` → `fr`), else English. */
export function pickLang(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const lang = tag.split('-')[0]?.toLowerCase() ?? '';
    if ((LANGS as readonly string[]).includes(lang)) return lang as Lang;
  }
  return 'en';
}

const en = {
  tagline: 'A mixtape exactly as long as your train ride',
  shareHeading: 'Share a trip',
  sharePlaceholder: 'Paste a link from the SBB app, sbb.ch or Google Maps, or a copied connection',
  shareLabel: 'Trip link or connection',
  shareButton: 'Make my mixtape',
  reading: 'Reading your trip…',
  unreachable: 'Could not reach Railtape.',
  yourTrips: 'Your trips',
  noTrips: 'No trips yet: share one from the SBB app.',
  sharesAttention: 'Shares waiting or not understood',
  tryAgain: 'Try again',
  whereStart: 'Where do you start?',
  useMyPosition: 'Use my position',
  startStop: 'Or name a stop',
  startHere: 'Start here',
  positionUnavailable: 'Your position is not available: name a stop instead.',
  guessed: 'guessed',
  shareStatus: {
    received: 'received',
    parsed: 'read',
    needs_resolution: 'needs resolution',
    failed: 'failed',
  } satisfies Record<Share['status'], string>,
  exactness: {
    exact: 'exact',
    replanned: 'replanned',
    approximate: 'approximate',
  } satisfies Record<Trip['exactness'], string>,
  allTrips: '← All trips',
  operatorLink: 'Operator page',
  operatorHeading: 'Railtape in operation',
  walkTo: (stop: string) => `Walk to ${stop}`,
  yourMixtape: 'Your mixtape',
  fit: (tracks: number, total: string, target: string, error: string) =>
    `${tracks} ${tracks === 1 ? 'track' : 'tracks'} · ${total} for a ${target} trip (${error})`,
  getOff: (stop: string, error: string) => `Get off at ${stop}: song ends ${error}`,
  trainLeaves: (stop: string, error: string) => `The train leaves ${stop}: new song ${error}`,
  demoNote:
    'Demo catalog: invented sample tracks with realistic lengths, not real songs. Connect a music source for your own.',
  download: 'Download M3U8',
  expectedDeparture: (time: string) => `leaves ${time}`,
  expectedArrival: (time: string) => `arrives ${time}`,
  cancelled: 'Cancelled',
  brokenTransfer: (stop: string) =>
    `Your connection at ${stop} may not work: the train before is late. Check the SBB app for another one.`,
  musicHeading: 'Music for new mixtapes',
  sourceNames: {
    demo: 'the demo catalog',
    spotify: 'your Spotify',
    subsonic: 'your music server (Subsonic)',
    local: 'the music library on this server',
  } satisfies Record<MusicProvider, string>,
  sourceSaved: (name: string) => `Saved: new mixtapes come from ${name}.`,
  fromSource: (name: string) => `Songs from ${name}`,
  playHere: 'Play here from where the trip is',
  nowPlaying: (n: number, of: number, title: string) => `Track ${n} of ${of}: ${title}`,
  playlistOver: 'That was the last song: you have arrived.',
  pressPlay: 'Press play to go on.',
  startsEarly: (min: number) => `The trip starts in ${min} min: playing from the first song.`,
  tripOver: 'This trip is over: playing from the first song.',
  cannotPlay: 'This song cannot be played right now.',
  signInHeading: 'Sign in',
  signInText: 'Railtape makes your mixtapes from your own Spotify music and puts them into your account.',
  signInButton: 'Sign in with Spotify',
  reconnect: 'Spotify needs you to connect again before Railtape can use your music.',
  reconnectButton: 'Connect Spotify again',
  signInOutcome: {
    denied: 'You did not allow Railtape on Spotify, so you are not signed in.',
    not_allowed:
      'This Railtape server does not have your Spotify account on its list yet. Ask its owner to add you.',
    failed: 'Signing in did not work. Please try again.',
  } as Record<string, string>,
  signOut: 'Sign out',
  openInSpotify: 'Open in Spotify',
  playNow: 'Play from where the trip is',
  playing: (n: number, title: string) => `Playing track ${n}, ${title}, in Spotify.`,
  noPlaylist: 'No playlist yet.',
  somethingWrong: 'Something went wrong.',
  offline: 'You are offline.',
  queuedHeading: 'You are offline',
  queuedText: 'Your trip is saved and will be sent when you are back online.',
  refusedHeading: 'This share did not reach Railtape',
  refused: {
    empty_share:
      'Only a picture arrived. Share the trip as a link (in SBB: Share → Copy link), or paste it here.',
    payload_too_large: 'The share was too large. Share just the link, without the picture.',
    rate_limited: 'Too many shares at once. Wait a minute and share it again.',
    other: 'It could not be read. Copy the link and paste it here.',
  },
  waiting: (n: number) => (n === 1 ? '1 share waiting to be sent' : `${n} shares waiting to be sent`),
  remindersHeading: 'Departure reminders',
  remindersIntro: 'A notification shortly before your train leaves, with your mixtape ready to play.',
  remindersTurnOn: 'Turn on reminders',
  remindersTurnOff: 'Turn off reminders',
  reminderState: {
    on: 'Reminders are on for this device.',
    off: 'Reminders are off for this device.',
    denied: 'Notifications are blocked for Railtape. Allow them in your browser settings.',
    unsupported: 'This browser cannot show reminders.',
    homeScreen: 'Reminders need Railtape on your Home Screen: tap Share, then “Add to Home Screen”.',
    notOffered: 'This Railtape server does not send reminders.',
  } satisfies Record<ReminderState, string>,
  remindersWorking: 'One moment…',
  remindersDismissed: 'Notifications were not allowed, so reminders stay off.',
  remindersFailed: 'Reminders could not be turned on for this device. Please try again later.',
  listeningHeading: 'How you listen',
  crossfadeLabel: 'Crossfade',
  crossfadeOption: (s: number) => (s === 0 ? 'off' : `${s} s`),
  crossfadeHelp:
    "Set it to what your player does, so the mixtape still ends as you arrive. In Spotify: Settings → Playback → Crossfade. Automix (on Spotify's own playlists) changes transitions too.",
  crossfadeSaved: (s: number) =>
    s === 0 ? 'Saved: songs play one after the other.' : `Saved: songs overlap by ${s} s.`,
  leadInLabel: 'Music on the platform',
  leadInOption: (min: number) => (min === 0 ? 'none' : `${min} min before departure`),
  leadInSaved: (min: number) =>
    min === 0
      ? 'Saved: the mixtape starts as the train leaves.'
      : `Saved: the mixtape starts ${min} min before departure; a new song as the train leaves.`,
  leadLabel: 'Remind me',
  leadOption: (min: number) => (min === 0 ? 'at departure' : `${min} min before departure`),
  leadSaved: (min: number) =>
    min === 0 ? 'Saved: reminders come at departure.' : `Saved: reminders come ${min} min before departure.`,
};

export type Strings = typeof en;

const de: Strings = {
  tagline: 'Ein Mixtape, genau so lang wie deine Zugfahrt',
  shareHeading: 'Reise teilen',
  sharePlaceholder:
    'Füge einen Link aus der SBB-App, von sbb.ch oder Google Maps oder eine kopierte Verbindung ein',
  shareLabel: 'Reise-Link oder Verbindung',
  shareButton: 'Mixtape erstellen',
  reading: 'Deine Reise wird gelesen …',
  unreachable: 'Railtape ist nicht erreichbar.',
  yourTrips: 'Deine Reisen',
  noTrips: 'Noch keine Reisen: Teile eine aus der SBB-App.',
  sharesAttention: 'Freigaben, die warten oder nicht verstanden wurden',
  tryAgain: 'Erneut versuchen',
  whereStart: 'Wo startest du?',
  useMyPosition: 'Meine Position verwenden',
  startStop: 'Oder eine Haltestelle nennen',
  startHere: 'Hier starten',
  positionUnavailable: 'Deine Position ist nicht verfügbar: Nenne bitte eine Haltestelle.',
  guessed: 'geschätzt',
  shareStatus: {
    received: 'empfangen',
    parsed: 'gelesen',
    needs_resolution: 'in Abklärung',
    failed: 'fehlgeschlagen',
  },
  exactness: { exact: 'genau', replanned: 'neu geplant', approximate: 'ungefähr' },
  allTrips: '← Alle Reisen',
  operatorLink: 'Betriebsseite',
  operatorHeading: 'Railtape im Betrieb',
  walkTo: (stop) => `Fussweg nach ${stop}`,
  yourMixtape: 'Dein Mixtape',
  fit: (tracks, total, target, error) => `${tracks} Titel · ${total} für eine Reise von ${target} (${error})`,
  getOff: (stop, error) => `Aussteigen in ${stop}: Song endet ${error}`,
  trainLeaves: (stop, error) => `Der Zug fährt in ${stop} ab: neuer Song ${error}`,
  demoNote:
    'Demo-Katalog: erfundene Beispieltitel mit realistischen Längen, keine echten Songs. Verbinde eine Musikquelle für deine eigenen.',
  download: 'M3U8 herunterladen',
  expectedDeparture: (time) => `fährt ${time}`,
  expectedArrival: (time) => `an ${time}`,
  cancelled: 'Fällt aus',
  brokenTransfer: (stop) =>
    `Dein Anschluss in ${stop} klappt vielleicht nicht: Der Zug davor ist verspätet. Prüfe die SBB-App für eine andere Verbindung.`,
  musicHeading: 'Musik für neue Mixtapes',
  sourceNames: {
    demo: 'dem Demo-Katalog',
    spotify: 'deinem Spotify',
    subsonic: 'deinem Musikserver (Subsonic)',
    local: 'der Musikbibliothek dieses Servers',
  },
  sourceSaved: (name) => `Gespeichert: Neue Mixtapes kommen aus ${name}.`,
  fromSource: (name) => `Titel aus ${name}`,
  playHere: 'Hier ab der aktuellen Stelle der Reise abspielen',
  nowPlaying: (n, of, title) => `Titel ${n} von ${of}: ${title}`,
  playlistOver: 'Das war der letzte Titel: Du bist angekommen.',
  pressPlay: 'Drücke Play, um weiterzuhören.',
  startsEarly: (min) => `Die Reise beginnt in ${min} min: ab dem ersten Titel.`,
  tripOver: 'Diese Reise ist vorbei: ab dem ersten Titel.',
  cannotPlay: 'Dieser Titel lässt sich gerade nicht abspielen.',
  signInHeading: 'Anmelden',
  signInText: 'Railtape macht deine Mixtapes aus deiner eigenen Spotify-Musik und legt sie in dein Konto.',
  signInButton: 'Mit Spotify anmelden',
  reconnect: 'Spotify möchte, dass du dich erneut verbindest, bevor Railtape deine Musik nutzen kann.',
  reconnectButton: 'Spotify erneut verbinden',
  signInOutcome: {
    denied: 'Du hast Railtape bei Spotify nicht zugelassen, darum bist du nicht angemeldet.',
    not_allowed:
      'Dieser Railtape-Server hat dein Spotify-Konto noch nicht auf seiner Liste. Bitte den Betreiber, dich hinzuzufügen.',
    failed: 'Die Anmeldung hat nicht geklappt. Bitte versuche es nochmals.',
  } as Record<string, string>,
  signOut: 'Abmelden',
  openInSpotify: 'In Spotify öffnen',
  playNow: 'Ab der aktuellen Stelle der Reise abspielen',
  playing: (n: number, title: string) => `Titel ${n}, ${title}, läuft in Spotify.`,
  noPlaylist: 'Noch keine Playlist.',
  somethingWrong: 'Etwas ist schiefgelaufen.',
  offline: 'Du bist offline.',
  queuedHeading: 'Du bist offline',
  queuedText: 'Deine Reise ist gespeichert und wird gesendet, sobald du wieder online bist.',
  refusedHeading: 'Diese Freigabe ist nicht angekommen',
  refused: {
    empty_share:
      'Es kam nur ein Bild an. Teile die Reise als Link (in SBB: Teilen → Link kopieren) oder füge ihn hier ein.',
    payload_too_large: 'Die Freigabe war zu gross. Teile nur den Link, ohne Bild.',
    rate_limited: 'Zu viele Freigaben auf einmal. Warte eine Minute und teile sie erneut.',
    other: 'Sie konnte nicht gelesen werden. Kopiere den Link und füge ihn hier ein.',
  },
  waiting: (n) => (n === 1 ? '1 Freigabe wartet auf das Senden' : `${n} Freigaben warten auf das Senden`),
  remindersHeading: 'Abfahrtserinnerungen',
  remindersIntro: 'Eine Mitteilung kurz bevor dein Zug fährt, mit deinem Mixtape bereit zum Abspielen.',
  remindersTurnOn: 'Erinnerungen einschalten',
  remindersTurnOff: 'Erinnerungen ausschalten',
  reminderState: {
    on: 'Erinnerungen sind auf diesem Gerät eingeschaltet.',
    off: 'Erinnerungen sind auf diesem Gerät ausgeschaltet.',
    denied: 'Mitteilungen für Railtape sind blockiert. Erlaube sie in den Browser-Einstellungen.',
    unsupported: 'Dieser Browser kann keine Erinnerungen anzeigen.',
    homeScreen:
      'Erinnerungen brauchen Railtape auf dem Home-Bildschirm: Tippe auf Teilen und dann auf «Zum Home-Bildschirm».',
    notOffered: 'Dieser Railtape-Server verschickt keine Erinnerungen.',
  },
  remindersWorking: 'Einen Moment …',
  remindersDismissed: 'Mitteilungen wurden nicht erlaubt, die Erinnerungen bleiben aus.',
  remindersFailed:
    'Erinnerungen liessen sich auf diesem Gerät nicht einschalten. Versuche es später nochmals.',
  listeningHeading: 'Wie du hörst',
  crossfadeLabel: 'Crossfade',
  crossfadeOption: (s) => (s === 0 ? 'aus' : `${s} s`),
  crossfadeHelp:
    'Stell ein, was dein Player macht, damit das Mixtape trotzdem bei der Ankunft endet. In Spotify: Einstellungen → Wiedergabe → Crossfade. Automix (in Spotifys eigenen Playlists) ändert die Übergänge ebenfalls.',
  crossfadeSaved: (s) =>
    s === 0 ? 'Gespeichert: Songs folgen ohne Überblendung.' : `Gespeichert: Songs überblenden ${s} s.`,
  leadInLabel: 'Musik auf dem Perron',
  leadInOption: (min) => (min === 0 ? 'keine' : `${min} min vor Abfahrt`),
  leadInSaved: (min) =>
    min === 0
      ? 'Gespeichert: Das Mixtape beginnt bei der Abfahrt.'
      : `Gespeichert: Das Mixtape beginnt ${min} min vor Abfahrt; ein neuer Song, wenn der Zug abfährt.`,
  leadLabel: 'Erinnern',
  leadOption: (min) => (min === 0 ? 'bei Abfahrt' : `${min} min vor Abfahrt`),
  leadSaved: (min) =>
    min === 0 ? 'Gespeichert: Erinnerung bei Abfahrt.' : `Gespeichert: Erinnerung ${min} min vor Abfahrt.`,
};

const fr: Strings = {
  tagline: 'Une mixtape aussi longue que votre trajet en train',
  shareHeading: 'Partager un voyage',
  sharePlaceholder: "Collez un lien de l'app CFF, de sbb.ch ou de Google Maps, ou une correspondance copiée",
  shareLabel: 'Lien du voyage ou correspondance',
  shareButton: 'Créer ma mixtape',
  reading: 'Lecture de votre voyage…',
  unreachable: 'Impossible de joindre Railtape.',
  yourTrips: 'Vos voyages',
  noTrips: "Aucun voyage pour l'instant : partagez-en un depuis l'app CFF.",
  sharesAttention: 'Partages en attente ou non compris',
  tryAgain: 'Réessayer',
  whereStart: 'Où partez-vous ?',
  useMyPosition: 'Utiliser ma position',
  startStop: 'Ou indiquez un arrêt',
  startHere: 'Partir d’ici',
  positionUnavailable: 'Votre position n’est pas disponible : indiquez plutôt un arrêt.',
  guessed: 'estimé',
  shareStatus: {
    received: 'reçu',
    parsed: 'lu',
    needs_resolution: 'en cours de clarification',
    failed: 'échec',
  },
  exactness: { exact: 'exact', replanned: 'replanifié', approximate: 'approximatif' },
  allTrips: '← Tous les voyages',
  operatorLink: 'Page d’exploitation',
  operatorHeading: 'Railtape en service',
  walkTo: (stop) => `À pied jusqu'à ${stop}`,
  yourMixtape: 'Votre mixtape',
  fit: (tracks, total, target, error) =>
    `${tracks} ${tracks === 1 ? 'morceau' : 'morceaux'} · ${total} pour un trajet de ${target} (${error})`,
  getOff: (stop, error) => `Descente à ${stop} : fin du morceau ${error}`,
  trainLeaves: (stop, error) => `Le train quitte ${stop} : nouveau morceau ${error}`,
  demoNote:
    "Catalogue de démonstration : morceaux d'exemple inventés aux durées réalistes, pas de vraies chansons. Connectez une source musicale pour les vôtres.",
  download: 'Télécharger le M3U8',
  expectedDeparture: (time) => `part ${time}`,
  expectedArrival: (time) => `arrive ${time}`,
  cancelled: 'Supprimé',
  brokenTransfer: (stop) =>
    `Votre correspondance à ${stop} risque de ne pas fonctionner : le train précédent est en retard. Consultez l'app CFF pour une autre.`,
  musicHeading: 'Musique des nouvelles mixtapes',
  sourceNames: {
    demo: 'le catalogue de démonstration',
    spotify: 'votre Spotify',
    subsonic: 'votre serveur de musique (Subsonic)',
    local: 'la bibliothèque musicale de ce serveur',
  },
  sourceSaved: (name) => `Enregistré : les nouvelles mixtapes viennent de ${name}.`,
  fromSource: (name) => `Titres de ${name}`,
  playHere: 'Lire ici là où en est le voyage',
  nowPlaying: (n, of, title) => `Titre ${n} sur ${of} : ${title}`,
  playlistOver: "C'était le dernier titre : vous êtes arrivé.",
  pressPlay: 'Appuyez sur lecture pour continuer.',
  startsEarly: (min) => `Le voyage commence dans ${min} min : lecture depuis le premier titre.`,
  tripOver: 'Ce voyage est terminé : lecture depuis le premier titre.',
  cannotPlay: 'Ce titre ne peut pas être lu pour le moment.',
  signInHeading: 'Connexion',
  signInText:
    'Railtape crée vos mixtapes à partir de votre propre musique Spotify et les ajoute à votre compte.',
  signInButton: 'Se connecter avec Spotify',
  reconnect: 'Spotify vous demande de vous reconnecter avant que Railtape puisse utiliser votre musique.',
  reconnectButton: 'Reconnecter Spotify',
  signInOutcome: {
    denied: "Vous n'avez pas autorisé Railtape sur Spotify, vous n'êtes donc pas connecté.",
    not_allowed:
      "Ce serveur Railtape n'a pas encore votre compte Spotify sur sa liste. Demandez à son responsable de vous ajouter.",
    failed: "La connexion n'a pas abouti. Veuillez réessayer.",
  } as Record<string, string>,
  signOut: 'Se déconnecter',
  openInSpotify: 'Ouvrir dans Spotify',
  playNow: 'Lire là où en est le voyage',
  playing: (n: number, title: string) => `Titre ${n}, ${title}, en lecture dans Spotify.`,
  noPlaylist: 'Pas encore de playlist.',
  somethingWrong: 'Un problème est survenu.',
  offline: 'Vous êtes hors ligne.',
  queuedHeading: 'Vous êtes hors ligne',
  queuedText: 'Votre voyage est enregistré et sera envoyé dès que vous serez de nouveau en ligne.',
  refusedHeading: 'Ce partage n’est pas arrivé',
  refused: {
    empty_share:
      'Seule une image est arrivée. Partagez le voyage sous forme de lien (dans SBB : Partager → Copier le lien) ou collez-le ici.',
    payload_too_large: 'Le partage était trop volumineux. Partagez seulement le lien, sans l’image.',
    rate_limited: 'Trop de partages à la fois. Attendez une minute et partagez-le à nouveau.',
    other: 'Il n’a pas pu être lu. Copiez le lien et collez-le ici.',
  },
  waiting: (n) => (n === 1 ? "1 partage en attente d'envoi" : `${n} partages en attente d'envoi`),
  remindersHeading: 'Rappels de départ',
  remindersIntro: 'Une notification peu avant le départ de votre train, avec votre mixtape prête à jouer.',
  remindersTurnOn: 'Activer les rappels',
  remindersTurnOff: 'Désactiver les rappels',
  reminderState: {
    on: 'Les rappels sont activés sur cet appareil.',
    off: 'Les rappels sont désactivés sur cet appareil.',
    denied: 'Les notifications sont bloquées pour Railtape. Autorisez-les dans les réglages du navigateur.',
    unsupported: 'Ce navigateur ne peut pas afficher de rappels.',
    homeScreen:
      "Les rappels nécessitent Railtape sur l'écran d'accueil : touchez Partager, puis « Sur l'écran d'accueil ».",
    notOffered: "Ce serveur Railtape n'envoie pas de rappels.",
  },
  remindersWorking: 'Un instant…',
  remindersDismissed: "Les notifications n'ont pas été autorisées : les rappels restent désactivés.",
  remindersFailed: "Impossible d'activer les rappels sur cet appareil. Réessayez plus tard.",
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
  leadInOption: (min) => (min === 0 ? 'aucune' : `${min} min avant le départ`),
  leadInSaved: (min) =>
    min === 0
      ? 'Enregistré : le mixtape commence au départ du train.'
      : `Enregistré : le mixtape commence ${min} min avant le départ ; un nouveau morceau quand le train part.`,
  leadLabel: 'Me rappeler',
  leadOption: (min) => (min === 0 ? 'au départ' : `${min} min avant le départ`),
  leadSaved: (min) =>
    min === 0 ? 'Enregistré : rappel au départ.' : `Enregistré : rappel ${min} min avant le départ.`,
};

const it: Strings = {
  tagline: 'Un mixtape lungo esattamente quanto il tuo viaggio in treno',
  shareHeading: 'Condividi un viaggio',
  sharePlaceholder:
    "Incolla un link dall'app FFS, da sbb.ch o da Google Maps, oppure un collegamento copiato",
  shareLabel: 'Link del viaggio o collegamento',
  shareButton: 'Crea il mio mixtape',
  reading: 'Lettura del viaggio…',
  unreachable: 'Impossibile raggiungere Railtape.',
  yourTrips: 'I tuoi viaggi',
  noTrips: "Ancora nessun viaggio: condividine uno dall'app FFS.",
  sharesAttention: 'Condivisioni in attesa o non comprese',
  tryAgain: 'Riprova',
  whereStart: 'Da dove parti?',
  useMyPosition: 'Usa la mia posizione',
  startStop: 'Oppure indica una fermata',
  startHere: 'Parti da qui',
  positionUnavailable: 'La tua posizione non è disponibile: indica una fermata.',
  guessed: 'stimato',
  shareStatus: {
    received: 'ricevuto',
    parsed: 'letto',
    needs_resolution: 'in verifica',
    failed: 'non riuscito',
  },
  exactness: { exact: 'esatto', replanned: 'ripianificato', approximate: 'approssimativo' },
  allTrips: '← Tutti i viaggi',
  operatorLink: 'Pagina di gestione',
  operatorHeading: 'Railtape in servizio',
  walkTo: (stop) => `A piedi fino a ${stop}`,
  yourMixtape: 'Il tuo mixtape',
  fit: (tracks, total, target, error) =>
    `${tracks} ${tracks === 1 ? 'brano' : 'brani'} · ${total} per un viaggio di ${target} (${error})`,
  getOff: (stop, error) => `Scendi a ${stop}: il brano finisce ${error}`,
  trainLeaves: (stop, error) => `Il treno parte da ${stop}: nuovo brano ${error}`,
  demoNote:
    'Catalogo demo: brani di esempio inventati con durate realistiche, non canzoni vere. Collega una fonte musicale per i tuoi.',
  download: 'Scarica M3U8',
  expectedDeparture: (time) => `parte ${time}`,
  expectedArrival: (time) => `arriva ${time}`,
  cancelled: 'Soppresso',
  brokenTransfer: (stop) =>
    `La coincidenza a ${stop} potrebbe saltare: il treno prima è in ritardo. Controlla l'app FFS per un'altra.`,
  musicHeading: 'Musica per i nuovi mixtape',
  sourceNames: {
    demo: 'il catalogo demo',
    spotify: 'il tuo Spotify',
    subsonic: 'il tuo server musicale (Subsonic)',
    local: 'la libreria musicale di questo server',
  },
  sourceSaved: (name) => `Salvato: i nuovi mixtape vengono da ${name}.`,
  fromSource: (name) => `Brani da ${name}`,
  playHere: 'Riproduci qui dal punto attuale del viaggio',
  nowPlaying: (n, of, title) => `Brano ${n} di ${of}: ${title}`,
  playlistOver: "Era l'ultimo brano: sei arrivato.",
  pressPlay: 'Premi play per continuare.',
  startsEarly: (min) => `Il viaggio inizia tra ${min} min: riproduzione dal primo brano.`,
  tripOver: 'Questo viaggio è finito: riproduzione dal primo brano.',
  cannotPlay: 'Questo brano non può essere riprodotto ora.',
  signInHeading: 'Accedi',
  signInText: 'Railtape crea i tuoi mixtape con la tua musica Spotify e li aggiunge al tuo account.',
  signInButton: 'Accedi con Spotify',
  reconnect: 'Spotify chiede di ricollegarti prima che Railtape possa usare la tua musica.',
  reconnectButton: 'Ricollega Spotify',
  signInOutcome: {
    denied: 'Non hai autorizzato Railtape su Spotify, quindi non hai effettuato l’accesso.',
    not_allowed:
      'Questo server Railtape non ha ancora il tuo account Spotify nella sua lista. Chiedi al gestore di aggiungerti.',
    failed: "L'accesso non è riuscito. Riprova.",
  } as Record<string, string>,
  signOut: 'Esci',
  openInSpotify: 'Apri in Spotify',
  playNow: 'Riproduci dal punto attuale del viaggio',
  playing: (n: number, title: string) => `Brano ${n}, ${title}, in riproduzione su Spotify.`,
  noPlaylist: 'Ancora nessuna playlist.',
  somethingWrong: 'Qualcosa è andato storto.',
  offline: 'Sei offline.',
  queuedHeading: 'Sei offline',
  queuedText: 'Il tuo viaggio è salvato e verrà inviato quando sarai di nuovo online.',
  refusedHeading: 'Questa condivisione non è arrivata',
  refused: {
    empty_share:
      'È arrivata solo un’immagine. Condividi il viaggio come link (in FFS: Condividi → Copia link) o incollalo qui.',
    payload_too_large: 'La condivisione era troppo grande. Condividi solo il link, senza l’immagine.',
    rate_limited: 'Troppe condivisioni in una volta. Attendi un minuto e condividi di nuovo.',
    other: 'Non è stato possibile leggerla. Copia il link e incollalo qui.',
  },
  waiting: (n) => (n === 1 ? '1 condivisione in attesa di invio' : `${n} condivisioni in attesa di invio`),
  remindersHeading: 'Promemoria di partenza',
  remindersIntro: 'Una notifica poco prima che parta il treno, con il tuo mixtape pronto da ascoltare.',
  remindersTurnOn: 'Attiva i promemoria',
  remindersTurnOff: 'Disattiva i promemoria',
  reminderState: {
    on: 'I promemoria sono attivi su questo dispositivo.',
    off: 'I promemoria sono disattivati su questo dispositivo.',
    denied: 'Le notifiche per Railtape sono bloccate. Consentile nelle impostazioni del browser.',
    unsupported: 'Questo browser non può mostrare promemoria.',
    homeScreen:
      'I promemoria richiedono Railtape nella schermata Home: tocca Condividi, poi «Aggiungi alla schermata Home».',
    notOffered: 'Questo server Railtape non invia promemoria.',
  },
  remindersWorking: 'Un momento…',
  remindersDismissed: 'Le notifiche non sono state consentite: i promemoria restano disattivati.',
  remindersFailed: 'Non è stato possibile attivare i promemoria su questo dispositivo. Riprova più tardi.',
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
  leadInOption: (min) => (min === 0 ? 'nessuna' : `${min} min prima della partenza`),
  leadInSaved: (min) =>
    min === 0
      ? 'Salvato: il mixtape inizia alla partenza del treno.'
      : `Salvato: il mixtape inizia ${min} min prima della partenza; un nuovo brano quando il treno parte.`,
  leadLabel: 'Avvisami',
  leadOption: (min) => (min === 0 ? 'alla partenza' : `${min} min prima della partenza`),
  leadSaved: (min) =>
    min === 0 ? 'Salvato: promemoria alla partenza.' : `Salvato: promemoria ${min} min prima della partenza.`,
};

export const STRINGS: Record<Lang, Strings> = { en, de, fr, it };
