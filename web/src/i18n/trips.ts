/** The words of the Trips screen and the share screen (a share's state, refusals, the queue). */
import type { Share, Trip } from '../api.js';
import type { Lang } from './index.js';

export interface TripsWords {
  heading: string;
  shareHeading: string;
  sharePlaceholder: string;
  shareLabel: string;
  shareHelp: string;
  shareButton: string;
  reading: string;
  unreachable: string;
  savedOffline: string;
  savedLater: string;
  upcoming: string;
  past: string;
  noUpcoming: string;
  emptyHeading: string;
  emptySteps: readonly string[];
  emptyPaste: string;
  attention: string;
  waitingHeading: string;
  waitingItem: string;
  tryAgain: string;
  trying: string;
  retryStill: (message: string) => string;
  retryDone: string;
  dismiss: string;
  dismissed: string;
  whereStart: string;
  useMyPosition: string;
  startStop: string;
  startHere: string;
  positionUnavailable: string;
  guessed: string;
  shareStatus: Record<Share['status'], string>;
  exactness: Record<Trip['exactness'], string>;
  changes: (n: number) => string;
  sharedTimes: (n: number) => string;
  underWay: string;
  signInHeading: string;
  signInText: string;
  signInButton: string;
  queuedHeading: string;
  queuedText: string;
  refusedHeading: string;
  refused: { empty_share: string; payload_too_large: string; rate_limited: string; other: string };
  notATrip: string;
  insteadHeading: string;
  insteadSteps: readonly string[];
  pasteHere: string;
  shareHeadingOne: string;
  allTrips: string;
  somethingWrong: string;
  offline: string;
}

const en: TripsWords = {
  heading: 'Your trips',
  shareHeading: 'Share a trip',
  sharePlaceholder: 'Paste a link from the SBB app, sbb.ch or Google Maps, or a copied connection',
  shareLabel: 'Trip link or connection',
  shareHelp: 'A link from the SBB app, sbb.ch or Google Maps, or the connection text you copied.',
  shareButton: 'Make my mixtape',
  reading: 'Reading your trip…',
  unreachable: 'Could not reach Railtape.',
  savedOffline:
    'You are offline: the trip is saved on this device and will be sent when you are back online.',
  savedLater:
    'Railtape cannot be reached right now: the trip is saved on this device and will be sent as soon as it can.',
  upcoming: 'Upcoming',
  past: 'Past',
  noUpcoming: 'No trip coming up. Share your next one.',
  emptyHeading: 'No trips yet',
  emptySteps: [
    'In the SBB app, open the connection you will take.',
    'Tap Share and choose Railtape (on iPhone: Copy link, then paste it above).',
    'Railtape makes a mixtape exactly as long as the ride, with a new song at each change.',
  ],
  emptyPaste: 'A link from sbb.ch or Google Maps works too.',
  attention: 'Needs attention',
  waitingHeading: 'Waiting to be sent',
  waitingItem: 'Waiting to be sent:',
  tryAgain: 'Try again',
  trying: 'Trying again…',
  retryStill: (message) => `Still not a trip: ${message}`,
  retryDone: 'Read: opening your trip.',
  dismiss: 'Dismiss',
  dismissed: 'Dismissed.',
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
  },
  exactness: { exact: 'exact', replanned: 'replanned', approximate: 'approximate' },
  changes: (n) => (n === 0 ? 'direct' : n === 1 ? '1 change' : `${n} changes`),
  sharedTimes: (n) => `shared ${n} times`,
  underWay: 'under way',
  signInHeading: 'Sign in',
  signInText: 'Railtape makes your mixtapes from your own Spotify music and puts them into your account.',
  signInButton: 'Sign in with Spotify',
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
  notATrip: 'This share is not a trip',
  insteadHeading: 'What to share instead',
  insteadSteps: [
    'In the SBB app: open the connection, tap Share and choose Railtape, or Copy link and paste it here.',
    'On sbb.ch: copy the address of the connection’s page.',
    'In Google Maps: choose public transport for the route, then share it.',
    'Or copy the connection as text (times and stations) and paste it.',
  ],
  pasteHere: 'Paste a link',
  shareHeadingOne: 'Your share',
  allTrips: '← All trips',
  somethingWrong: 'Something went wrong.',
  offline: 'You are offline.',
};

const de: TripsWords = {
  heading: 'Deine Reisen',
  shareHeading: 'Reise teilen',
  sharePlaceholder:
    'Füge einen Link aus der SBB-App, von sbb.ch oder Google Maps oder eine kopierte Verbindung ein',
  shareLabel: 'Reise-Link oder Verbindung',
  shareHelp: 'Ein Link aus der SBB-App, von sbb.ch oder Google Maps oder der kopierte Verbindungstext.',
  shareButton: 'Mixtape erstellen',
  reading: 'Deine Reise wird gelesen …',
  unreachable: 'Railtape ist nicht erreichbar.',
  savedOffline:
    'Du bist offline: Die Reise ist auf diesem Gerät gespeichert und wird gesendet, sobald du wieder online bist.',
  savedLater:
    'Railtape ist gerade nicht erreichbar: Die Reise ist auf diesem Gerät gespeichert und wird gesendet, sobald es geht.',
  upcoming: 'Bevorstehend',
  past: 'Vergangen',
  noUpcoming: 'Keine Reise steht an. Teile deine nächste.',
  emptyHeading: 'Noch keine Reisen',
  emptySteps: [
    'Öffne in der SBB-App die Verbindung, die du nimmst.',
    'Tippe auf Teilen und wähle Railtape (auf dem iPhone: Link kopieren und oben einfügen).',
    'Railtape macht ein Mixtape genau so lang wie die Fahrt, mit einem neuen Song bei jedem Umstieg.',
  ],
  emptyPaste: 'Ein Link von sbb.ch oder Google Maps geht auch.',
  attention: 'Braucht deine Aufmerksamkeit',
  waitingHeading: 'Wartet auf das Senden',
  waitingItem: 'Wartet auf das Senden:',
  tryAgain: 'Erneut versuchen',
  trying: 'Neuer Versuch …',
  retryStill: (message) => `Noch keine Reise: ${message}`,
  retryDone: 'Gelesen: Deine Reise wird geöffnet.',
  dismiss: 'Ausblenden',
  dismissed: 'Ausgeblendet.',
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
  changes: (n) => (n === 0 ? 'direkt' : n === 1 ? '1 Umstieg' : `${n} Umstiege`),
  sharedTimes: (n) => `${n}-mal geteilt`,
  underWay: 'unterwegs',
  signInHeading: 'Anmelden',
  signInText: 'Railtape macht deine Mixtapes aus deiner eigenen Spotify-Musik und legt sie in dein Konto.',
  signInButton: 'Mit Spotify anmelden',
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
  notATrip: 'Diese Freigabe ist keine Reise',
  insteadHeading: 'Was du stattdessen teilen kannst',
  insteadSteps: [
    'In der SBB-App: Verbindung öffnen, auf Teilen tippen und Railtape wählen, oder Link kopieren und hier einfügen.',
    'Auf sbb.ch: die Adresse der Seite mit der Verbindung kopieren.',
    'In Google Maps: für die Route den ÖV wählen und sie dann teilen.',
    'Oder die Verbindung als Text (Zeiten und Bahnhöfe) kopieren und einfügen.',
  ],
  pasteHere: 'Link einfügen',
  shareHeadingOne: 'Deine Freigabe',
  allTrips: '← Alle Reisen',
  somethingWrong: 'Etwas ist schiefgelaufen.',
  offline: 'Du bist offline.',
};

const fr: TripsWords = {
  heading: 'Vos voyages',
  shareHeading: 'Partager un voyage',
  sharePlaceholder: "Collez un lien de l'app CFF, de sbb.ch ou de Google Maps, ou une correspondance copiée",
  shareLabel: 'Lien du voyage ou correspondance',
  shareHelp: "Un lien de l'app CFF, de sbb.ch ou de Google Maps, ou le texte de la correspondance copié.",
  shareButton: 'Créer ma mixtape',
  reading: 'Lecture de votre voyage…',
  unreachable: 'Impossible de joindre Railtape.',
  savedOffline:
    'Vous êtes hors ligne : le voyage est enregistré sur cet appareil et sera envoyé dès votre retour en ligne.',
  savedLater:
    'Railtape est injoignable pour le moment : le voyage est enregistré sur cet appareil et sera envoyé dès que possible.',
  upcoming: 'À venir',
  past: 'Passés',
  noUpcoming: 'Aucun voyage à venir. Partagez le prochain.',
  emptyHeading: 'Aucun voyage pour l’instant',
  emptySteps: [
    "Dans l'app CFF, ouvrez la correspondance que vous prendrez.",
    'Touchez Partager et choisissez Railtape (sur iPhone : Copier le lien, puis collez-le ci-dessus).',
    'Railtape crée une mixtape aussi longue que le trajet, avec un nouveau morceau à chaque changement.',
  ],
  emptyPaste: 'Un lien de sbb.ch ou de Google Maps fonctionne aussi.',
  attention: 'À vérifier',
  waitingHeading: "En attente d'envoi",
  waitingItem: "En attente d'envoi :",
  tryAgain: 'Réessayer',
  trying: 'Nouvel essai…',
  retryStill: (message) => `Toujours pas un voyage : ${message}`,
  retryDone: 'Lu : ouverture de votre voyage.',
  dismiss: 'Masquer',
  dismissed: 'Masqué.',
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
  changes: (n) => (n === 0 ? 'direct' : n === 1 ? '1 changement' : `${n} changements`),
  sharedTimes: (n) => `partagé ${n} fois`,
  underWay: 'en route',
  signInHeading: 'Connexion',
  signInText:
    'Railtape crée vos mixtapes à partir de votre propre musique Spotify et les ajoute à votre compte.',
  signInButton: 'Se connecter avec Spotify',
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
  notATrip: 'Ce partage n’est pas un voyage',
  insteadHeading: 'Que partager à la place',
  insteadSteps: [
    "Dans l'app CFF : ouvrez la correspondance, touchez Partager et choisissez Railtape, ou copiez le lien et collez-le ici.",
    'Sur sbb.ch : copiez l’adresse de la page de la correspondance.',
    'Dans Google Maps : choisissez les transports publics pour l’itinéraire, puis partagez-le.',
    'Ou copiez la correspondance en texte (heures et gares) et collez-la.',
  ],
  pasteHere: 'Coller un lien',
  shareHeadingOne: 'Votre partage',
  allTrips: '← Tous les voyages',
  somethingWrong: 'Un problème est survenu.',
  offline: 'Vous êtes hors ligne.',
};

const it: TripsWords = {
  heading: 'I tuoi viaggi',
  shareHeading: 'Condividi un viaggio',
  sharePlaceholder:
    "Incolla un link dall'app FFS, da sbb.ch o da Google Maps, oppure un collegamento copiato",
  shareLabel: 'Link del viaggio o collegamento',
  shareHelp: "Un link dall'app FFS, da sbb.ch o da Google Maps, oppure il testo del collegamento copiato.",
  shareButton: 'Crea il mio mixtape',
  reading: 'Lettura del viaggio…',
  unreachable: 'Impossibile raggiungere Railtape.',
  savedOffline:
    'Sei offline: il viaggio è salvato su questo dispositivo e verrà inviato quando sarai di nuovo online.',
  savedLater:
    'Railtape non è raggiungibile al momento: il viaggio è salvato su questo dispositivo e verrà inviato appena possibile.',
  upcoming: 'In programma',
  past: 'Passati',
  noUpcoming: 'Nessun viaggio in programma. Condividi il prossimo.',
  emptyHeading: 'Ancora nessun viaggio',
  emptySteps: [
    "Nell'app FFS apri il collegamento che prenderai.",
    'Tocca Condividi e scegli Railtape (su iPhone: Copia link, poi incollalo qui sopra).',
    'Railtape crea un mixtape lungo quanto il viaggio, con un nuovo brano a ogni cambio.',
  ],
  emptyPaste: 'Va bene anche un link da sbb.ch o da Google Maps.',
  attention: 'Da controllare',
  waitingHeading: 'In attesa di invio',
  waitingItem: 'In attesa di invio:',
  tryAgain: 'Riprova',
  trying: 'Nuovo tentativo…',
  retryStill: (message) => `Non è ancora un viaggio: ${message}`,
  retryDone: 'Letto: apertura del viaggio.',
  dismiss: 'Nascondi',
  dismissed: 'Nascosta.',
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
  changes: (n) => (n === 0 ? 'diretto' : n === 1 ? '1 cambio' : `${n} cambi`),
  sharedTimes: (n) => `condiviso ${n} volte`,
  underWay: 'in viaggio',
  signInHeading: 'Accedi',
  signInText: 'Railtape crea i tuoi mixtape con la tua musica Spotify e li aggiunge al tuo account.',
  signInButton: 'Accedi con Spotify',
  queuedHeading: 'Sei offline',
  queuedText: 'Il tuo viaggio è salvato e verrà inviato quando sarai di nuovo online.',
  refusedHeading: 'Questa condivisione non è arrivata',
  refused: {
    empty_share:
      'È arrivata solo un’immagine. Condividi il viaggio come link (in FFS: Condividi → Copia link) oppure incollalo qui.',
    payload_too_large: 'La condivisione era troppo grande. Condividi solo il link, senza l’immagine.',
    rate_limited: 'Troppe condivisioni in una volta. Attendi un minuto e condividi di nuovo.',
    other: 'Non è stato possibile leggerla. Copia il link e incollalo qui.',
  },
  notATrip: 'Questa condivisione non è un viaggio',
  insteadHeading: 'Cosa condividere invece',
  insteadSteps: [
    "Nell'app FFS: apri il collegamento, tocca Condividi e scegli Railtape, oppure copia il link e incollalo qui.",
    'Su sbb.ch: copia l’indirizzo della pagina del collegamento.',
    'In Google Maps: scegli i mezzi pubblici per il percorso, poi condividilo.',
    'Oppure copia il collegamento come testo (orari e stazioni) e incollalo.',
  ],
  pasteHere: 'Incolla un link',
  shareHeadingOne: 'La tua condivisione',
  allTrips: '← Tutti i viaggi',
  somethingWrong: 'Qualcosa è andato storto.',
  offline: 'Sei offline.',
};

export const TRIPS: Record<Lang, TripsWords> = { en, de, fr, it };
