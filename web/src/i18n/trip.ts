/**
 * The trip, timeline, track list, player and live view's words in the four languages. Times and
 * durations arrive formatted (`format.ts`); these only put them into sentences.
 */
import type { MusicProvider, Trip } from '../api.js';
import type { SegmentView } from '../trip-view.js';
import type { Lang } from './index.js';

export interface TripWords {
  allTrips: string;
  guessed: string;
  exactness: Record<Trip['exactness'], string>;
  changes: (n: number) => string;
  walkTo: (stop: string) => string;
  waitAt: (stop: string) => string;
  onPlatform: (stop: string) => string;
  /** Short, for the picture: "Pl. 7". */
  platformShort: (p: string) => string;
  platform: (p: string) => string;
  platformMoved: (planned: string, now: string) => string;
  expectedDeparture: (time: string) => string;
  expectedArrival: (time: string) => string;
  late: (minutes: number) => string;
  cancelled: string;
  brokenTransfer: (stop: string) => string;
  yourMixtape: string;
  fit: (tracks: number, total: string, target: string, error: string) => string;
  getOff: (stop: string, error: string) => string;
  trainLeaves: (stop: string, error: string) => string;
  arriveAt: (stop: string, error: string) => string;
  demoNote: string;
  download: string;
  openInSpotify: string;
  playNow: string;
  playing: (n: number, title: string) => string;
  refit: string;
  refitting: string;
  refitDone: (tracks: number, error: string) => string;
  liveLink: string;
  actions: string;
  sourceNames: Record<MusicProvider, string>;
  fromSource: (name: string) => string;
  sync: {
    pending: (where: string) => string;
    synced: (where: string) => string;
    failed: (where: string) => string;
  };
  syncWhere: Record<'spotify' | 'subsonic', string>;
  noPlaylist: string;
  timeline: string;
  /** Under a picture wider than the screen. */
  timelineScroll: string;
  timelineSummary: (
    rides: number,
    walks: number,
    waits: number,
    songs: number,
    from: string,
    to: string,
  ) => string;
  walk: string;
  wait: string;
  platformShortLeadIn: string;
  songsLegend: string;
  now: string;
  playHere: string;
  nowPlaying: (n: number, of: number, title: string) => string;
  playlistOver: string;
  pressPlay: string;
  startsEarly: (min: number) => string;
  tripOver: string;
  cannotPlay: string;
  signInHeading: string;
  signInText: string;
  signInButton: string;
  somethingWrong: string;
  offline: string;
  notFound: string;
  loading: string;
  liveHeading: string;
  backToTrip: string;
  songNow: string;
  songLeft: (left: string) => string;
  nextIn: (stop: string, inTime: string) => string;
  leavesIn: (line: string | null, stop: string, inTime: string, platform: string | null) => string;
  walkThereIn: (stop: string, inTime: string) => string;
  songEndsArriving: string;
  songEndsLeaving: string;
  songsBefore: (n: number) => string;
  songPlaysOn: string;
  musicStartsIn: (inTime: string) => string;
  arrived: string;
  noMusicNow: string;
}

const en: TripWords = {
  allTrips: '← All trips',
  guessed: 'guessed',
  exactness: { exact: 'exact', replanned: 'replanned', approximate: 'approximate' },
  changes: (n) => (n === 0 ? 'direct' : n === 1 ? '1 change' : `${n} changes`),
  walkTo: (stop) => `Walk to ${stop}`,
  waitAt: (stop) => `Wait at ${stop}`,
  onPlatform: (stop) => `On the platform at ${stop}`,
  platformShort: (p) => `Pl. ${p}`,
  platform: (p) => `platform ${p}`,
  platformMoved: (planned, now) => `platform ${now} (not ${planned})`,
  expectedDeparture: (time) => `leaves ${time}`,
  expectedArrival: (time) => `arrives ${time}`,
  late: (m) => (m > 0 ? `${m} min late` : `${-m} min early`),
  cancelled: 'Cancelled',
  brokenTransfer: (stop) =>
    `Your connection at ${stop} may not work: the train before is late. Check the SBB app for another one.`,
  yourMixtape: 'Your mixtape',
  fit: (tracks, total, target, error) =>
    `${tracks} ${tracks === 1 ? 'track' : 'tracks'} · ${total} for a ${target} trip (${error})`,
  getOff: (stop, error) => `Get off at ${stop}: song ends ${error}`,
  trainLeaves: (stop, error) => `The train leaves ${stop}: new song ${error}`,
  arriveAt: (stop, error) => `You arrive at ${stop}: the last song ends ${error}`,
  demoNote:
    'Demo catalog: invented sample tracks with realistic lengths, not real songs. Connect a music source for your own.',
  download: 'Download M3U8',
  openInSpotify: 'Open in Spotify',
  playNow: 'Play from where the trip is',
  playing: (n, title) => `Playing track ${n}, ${title}, in Spotify.`,
  refit: 'Re-fit',
  refitting: 'Fitting the mixtape again…',
  refitDone: (tracks, error) => `Re-fitted: ${tracks} tracks, ending ${error} from the arrival.`,
  liveLink: 'Live view',
  actions: 'Mixtape actions',
  sourceNames: {
    demo: 'the demo catalog',
    spotify: 'your Spotify',
    subsonic: 'your music server (Subsonic)',
    local: 'the music library on this server',
  },
  fromSource: (name) => `Songs from ${name}`,
  sync: {
    pending: (where) => `Putting the playlist into ${where}…`,
    synced: (where) => `The playlist is in ${where}.`,
    failed: (where) => `The playlist could not be put into ${where}; Railtape tries again.`,
  },
  syncWhere: { spotify: 'your Spotify', subsonic: 'your music server' },
  noPlaylist: 'No playlist yet.',
  timeline: 'Timeline',
  timelineScroll: 'Swipe sideways for the whole trip →',
  timelineSummary: (rides, walks, waits, songs, from, to) =>
    `Timeline from ${from} to ${to}: ${rides} ${rides === 1 ? 'ride' : 'rides'}, ${walks} ${walks === 1 ? 'walk' : 'walks'}, ${waits} ${waits === 1 ? 'wait' : 'waits'}, ${songs} ${songs === 1 ? 'song' : 'songs'}. The list below has every step.`,
  walk: 'Walk',
  wait: 'Wait',
  platformShortLeadIn: 'Platform',
  songsLegend: 'Songs',
  now: 'now',
  playHere: 'Play here from where the trip is',
  nowPlaying: (n, of, title) => `Track ${n} of ${of}: ${title}`,
  playlistOver: 'That was the last song: you have arrived.',
  pressPlay: 'Press play to go on.',
  startsEarly: (min) => `The trip starts in ${min} min: playing from the first song.`,
  tripOver: 'This trip is over: playing from the first song.',
  cannotPlay: 'This song cannot be played right now.',
  signInHeading: 'Sign in',
  signInText: 'Railtape makes your mixtapes from your own Spotify music and puts them into your account.',
  signInButton: 'Sign in with Spotify',
  somethingWrong: 'Something went wrong.',
  offline: 'You are offline.',
  notFound: 'This trip is not here (any more).',
  loading: 'Loading the trip…',
  liveHeading: 'On the way',
  backToTrip: '← The whole trip',
  songNow: 'Playing now',
  songLeft: (left) => `ends in ${left}`,
  nextIn: (stop, inTime) => `${stop} in ${inTime}`,
  leavesIn: (line, stop, inTime, platform) =>
    `${line ?? 'The next ride'} leaves ${stop} in ${inTime}${platform ? `, platform ${platform}` : ''}`,
  walkThereIn: (stop, inTime) => `Walk to ${stop}: there in ${inTime}`,
  songEndsArriving: 'this song ends as you arrive',
  songEndsLeaving: 'this song ends as the train leaves',
  songsBefore: (n) => (n === 1 ? 'one more song until then' : `${n} more songs until then`),
  songPlaysOn: 'this song plays on',
  musicStartsIn: (inTime) => `The mixtape starts in ${inTime}.`,
  arrived: 'You have arrived.',
  noMusicNow: 'No song is playing right now.',
};

const de: TripWords = {
  allTrips: '← Alle Reisen',
  guessed: 'geschätzt',
  exactness: { exact: 'genau', replanned: 'neu geplant', approximate: 'ungefähr' },
  changes: (n) => (n === 0 ? 'direkt' : n === 1 ? '1 Umstieg' : `${n} Umstiege`),
  walkTo: (stop) => `Fussweg nach ${stop}`,
  waitAt: (stop) => `Warten in ${stop}`,
  onPlatform: (stop) => `Auf dem Perron in ${stop}`,
  platformShort: (p) => `Gl. ${p}`,
  platform: (p) => `Gleis ${p}`,
  platformMoved: (planned, now) => `Gleis ${now} (statt ${planned})`,
  expectedDeparture: (time) => `fährt ${time}`,
  expectedArrival: (time) => `an ${time}`,
  late: (m) => (m > 0 ? `${m} min verspätet` : `${-m} min früher`),
  cancelled: 'Fällt aus',
  brokenTransfer: (stop) =>
    `Dein Anschluss in ${stop} klappt vielleicht nicht: Der Zug davor ist verspätet. Prüfe die SBB-App für eine andere Verbindung.`,
  yourMixtape: 'Dein Mixtape',
  fit: (tracks, total, target, error) => `${tracks} Titel · ${total} für eine Reise von ${target} (${error})`,
  getOff: (stop, error) => `Aussteigen in ${stop}: Song endet ${error}`,
  trainLeaves: (stop, error) => `Der Zug fährt in ${stop} ab: neuer Song ${error}`,
  arriveAt: (stop, error) => `Ankunft in ${stop}: der letzte Song endet ${error}`,
  demoNote:
    'Demo-Katalog: erfundene Beispieltitel mit realistischen Längen, keine echten Songs. Verbinde eine Musikquelle für deine eigenen.',
  download: 'M3U8 herunterladen',
  openInSpotify: 'In Spotify öffnen',
  playNow: 'Ab der aktuellen Stelle der Reise abspielen',
  playing: (n, title) => `Titel ${n}, ${title}, läuft in Spotify.`,
  refit: 'Neu anpassen',
  refitting: 'Das Mixtape wird neu angepasst …',
  refitDone: (tracks, error) => `Neu angepasst: ${tracks} Titel, Ende ${error} zur Ankunft.`,
  liveLink: 'Live-Ansicht',
  actions: 'Mixtape-Aktionen',
  sourceNames: {
    demo: 'dem Demo-Katalog',
    spotify: 'deinem Spotify',
    subsonic: 'deinem Musikserver (Subsonic)',
    local: 'der Musikbibliothek dieses Servers',
  },
  fromSource: (name) => `Titel aus ${name}`,
  sync: {
    pending: (where) => `Die Playlist kommt in ${where} …`,
    synced: (where) => `Die Playlist ist in ${where}.`,
    failed: (where) => `Die Playlist liess sich nicht in ${where} speichern; Railtape versucht es erneut.`,
  },
  syncWhere: { spotify: 'dein Spotify', subsonic: 'deinen Musikserver' },
  noPlaylist: 'Noch keine Playlist.',
  timeline: 'Zeitachse',
  timelineScroll: 'Seitlich wischen für die ganze Reise →',
  timelineSummary: (rides, walks, waits, songs, from, to) =>
    `Zeitachse von ${from} bis ${to}: ${rides} ${rides === 1 ? 'Fahrt' : 'Fahrten'}, ${walks} ${walks === 1 ? 'Fussweg' : 'Fusswege'}, ${waits} ${waits === 1 ? 'Wartezeit' : 'Wartezeiten'}, ${songs} Titel. Die Liste unten zeigt jeden Schritt.`,
  walk: 'Fussweg',
  wait: 'Warten',
  platformShortLeadIn: 'Perron',
  songsLegend: 'Titel',
  now: 'jetzt',
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
  somethingWrong: 'Etwas ist schiefgelaufen.',
  offline: 'Du bist offline.',
  notFound: 'Diese Reise gibt es hier (nicht mehr).',
  loading: 'Die Reise wird geladen …',
  liveHeading: 'Unterwegs',
  backToTrip: '← Die ganze Reise',
  songNow: 'Läuft gerade',
  songLeft: (left) => `endet in ${left}`,
  nextIn: (stop, inTime) => `${stop} in ${inTime}`,
  leavesIn: (line, stop, inTime, platform) =>
    `${line ?? 'Die nächste Fahrt'} fährt in ${inTime} ab ${stop}${platform ? `, Gleis ${platform}` : ''}`,
  walkThereIn: (stop, inTime) => `Fussweg nach ${stop}: dort in ${inTime}`,
  songEndsArriving: 'dieser Song endet, wenn du ankommst',
  songEndsLeaving: 'dieser Song endet, wenn der Zug abfährt',
  songsBefore: (n) => (n === 1 ? 'bis dahin noch ein Song' : `bis dahin noch ${n} Songs`),
  songPlaysOn: 'dieser Song läuft weiter',
  musicStartsIn: (inTime) => `Das Mixtape beginnt in ${inTime}.`,
  arrived: 'Du bist angekommen.',
  noMusicNow: 'Gerade läuft kein Song.',
};

const fr: TripWords = {
  allTrips: '← Tous les voyages',
  guessed: 'estimé',
  exactness: { exact: 'exact', replanned: 'replanifié', approximate: 'approximatif' },
  changes: (n) => (n === 0 ? 'direct' : n === 1 ? '1 changement' : `${n} changements`),
  walkTo: (stop) => `À pied jusqu'à ${stop}`,
  waitAt: (stop) => `Attente à ${stop}`,
  onPlatform: (stop) => `Sur le quai à ${stop}`,
  platformShort: (p) => `Voie ${p}`,
  platform: (p) => `voie ${p}`,
  platformMoved: (planned, now) => `voie ${now} (au lieu de ${planned})`,
  expectedDeparture: (time) => `part ${time}`,
  expectedArrival: (time) => `arrive ${time}`,
  late: (m) => (m > 0 ? `${m} min de retard` : `${-m} min d'avance`),
  cancelled: 'Supprimé',
  brokenTransfer: (stop) =>
    `Votre correspondance à ${stop} risque de ne pas fonctionner : le train précédent est en retard. Consultez l'app CFF pour une autre.`,
  yourMixtape: 'Votre mixtape',
  fit: (tracks, total, target, error) =>
    `${tracks} ${tracks === 1 ? 'morceau' : 'morceaux'} · ${total} pour un trajet de ${target} (${error})`,
  getOff: (stop, error) => `Descente à ${stop} : fin du morceau ${error}`,
  trainLeaves: (stop, error) => `Le train quitte ${stop} : nouveau morceau ${error}`,
  arriveAt: (stop, error) => `Arrivée à ${stop} : fin du dernier morceau ${error}`,
  demoNote:
    "Catalogue de démonstration : morceaux d'exemple inventés aux durées réalistes, pas de vraies chansons. Connectez une source musicale pour les vôtres.",
  download: 'Télécharger le M3U8',
  openInSpotify: 'Ouvrir dans Spotify',
  playNow: 'Lire là où en est le voyage',
  playing: (n, title) => `Titre ${n}, ${title}, en lecture dans Spotify.`,
  refit: 'Réajuster',
  refitting: 'Nouvel ajustement de la mixtape…',
  refitDone: (tracks, error) => `Réajustée : ${tracks} morceaux, fin ${error} par rapport à l'arrivée.`,
  liveLink: 'Vue en direct',
  actions: 'Actions de la mixtape',
  sourceNames: {
    demo: 'le catalogue de démonstration',
    spotify: 'votre Spotify',
    subsonic: 'votre serveur de musique (Subsonic)',
    local: 'la bibliothèque musicale de ce serveur',
  },
  fromSource: (name) => `Titres de ${name}`,
  sync: {
    pending: (where) => `La playlist est ajoutée à ${where}…`,
    synced: (where) => `La playlist est dans ${where}.`,
    failed: (where) => `La playlist n'a pas pu être ajoutée à ${where} ; Railtape réessaie.`,
  },
  syncWhere: { spotify: 'votre Spotify', subsonic: 'votre serveur de musique' },
  noPlaylist: 'Pas encore de playlist.',
  timeline: 'Chronologie',
  timelineScroll: 'Balayez de côté pour voir tout le trajet →',
  timelineSummary: (rides, walks, waits, songs, from, to) =>
    `Chronologie de ${from} à ${to} : ${rides} ${rides === 1 ? 'trajet' : 'trajets'}, ${walks} ${walks === 1 ? 'parcours à pied' : 'parcours à pied'}, ${waits} ${waits === 1 ? 'attente' : 'attentes'}, ${songs} ${songs === 1 ? 'morceau' : 'morceaux'}. La liste ci-dessous détaille chaque étape.`,
  walk: 'À pied',
  wait: 'Attente',
  platformShortLeadIn: 'Quai',
  songsLegend: 'Morceaux',
  now: 'maintenant',
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
  somethingWrong: "Quelque chose n'a pas fonctionné.",
  offline: 'Vous êtes hors ligne.',
  notFound: "Ce voyage n'est pas (ou plus) ici.",
  loading: 'Chargement du voyage…',
  liveHeading: 'En route',
  backToTrip: '← Tout le voyage',
  songNow: 'En lecture',
  songLeft: (left) => `se termine dans ${left}`,
  nextIn: (stop, inTime) => `${stop} dans ${inTime}`,
  leavesIn: (line, stop, inTime, platform) =>
    `${line ?? 'Le prochain trajet'} quitte ${stop} dans ${inTime}${platform ? `, voie ${platform}` : ''}`,
  walkThereIn: (stop, inTime) => `À pied jusqu'à ${stop} : arrivée dans ${inTime}`,
  songEndsArriving: 'ce morceau se termine à votre arrivée',
  songEndsLeaving: 'ce morceau se termine au départ du train',
  songsBefore: (n) => (n === 1 ? "encore un morceau d'ici là" : `encore ${n} morceaux d'ici là`),
  songPlaysOn: 'ce morceau continue',
  musicStartsIn: (inTime) => `La mixtape commence dans ${inTime}.`,
  arrived: 'Vous êtes arrivé.',
  noMusicNow: "Aucun morceau n'est en lecture.",
};

const it: TripWords = {
  allTrips: '← Tutti i viaggi',
  guessed: 'stimato',
  exactness: { exact: 'esatto', replanned: 'ripianificato', approximate: 'approssimativo' },
  changes: (n) => (n === 0 ? 'diretto' : n === 1 ? '1 cambio' : `${n} cambi`),
  walkTo: (stop) => `A piedi fino a ${stop}`,
  waitAt: (stop) => `Attesa a ${stop}`,
  onPlatform: (stop) => `Sul marciapiede a ${stop}`,
  platformShort: (p) => `Bin. ${p}`,
  platform: (p) => `binario ${p}`,
  platformMoved: (planned, now) => `binario ${now} (invece di ${planned})`,
  expectedDeparture: (time) => `parte ${time}`,
  expectedArrival: (time) => `arriva ${time}`,
  late: (m) => (m > 0 ? `${m} min di ritardo` : `${-m} min di anticipo`),
  cancelled: 'Soppresso',
  brokenTransfer: (stop) =>
    `La coincidenza a ${stop} potrebbe saltare: il treno prima è in ritardo. Controlla l'app FFS per un'altra.`,
  yourMixtape: 'Il tuo mixtape',
  fit: (tracks, total, target, error) =>
    `${tracks} ${tracks === 1 ? 'brano' : 'brani'} · ${total} per un viaggio di ${target} (${error})`,
  getOff: (stop, error) => `Scendi a ${stop}: il brano finisce ${error}`,
  trainLeaves: (stop, error) => `Il treno parte da ${stop}: nuovo brano ${error}`,
  arriveAt: (stop, error) => `Arrivo a ${stop}: l'ultimo brano finisce ${error}`,
  demoNote:
    'Catalogo demo: brani di esempio inventati con durate realistiche, non canzoni vere. Collega una fonte musicale per i tuoi.',
  download: 'Scarica M3U8',
  openInSpotify: 'Apri in Spotify',
  playNow: 'Riproduci dal punto attuale del viaggio',
  playing: (n, title) => `Brano ${n}, ${title}, in riproduzione su Spotify.`,
  refit: 'Riadatta',
  refitting: 'Il mixtape viene riadattato…',
  refitDone: (tracks, error) => `Riadattato: ${tracks} brani, fine ${error} rispetto all'arrivo.`,
  liveLink: 'Vista in diretta',
  actions: 'Azioni del mixtape',
  sourceNames: {
    demo: 'il catalogo demo',
    spotify: 'il tuo Spotify',
    subsonic: 'il tuo server musicale (Subsonic)',
    local: 'la libreria musicale di questo server',
  },
  fromSource: (name) => `Brani da ${name}`,
  sync: {
    pending: (where) => `La playlist viene aggiunta a ${where}…`,
    synced: (where) => `La playlist è in ${where}.`,
    failed: (where) => `Non è stato possibile aggiungere la playlist a ${where}; Railtape riprova.`,
  },
  syncWhere: { spotify: 'il tuo Spotify', subsonic: 'il tuo server musicale' },
  noPlaylist: 'Ancora nessuna playlist.',
  timeline: 'Cronologia',
  timelineScroll: 'Scorri di lato per tutto il viaggio →',
  timelineSummary: (rides, walks, waits, songs, from, to) =>
    `Cronologia dalle ${from} alle ${to}: ${rides} ${rides === 1 ? 'corsa' : 'corse'}, ${walks} ${walks === 1 ? 'tratto a piedi' : 'tratti a piedi'}, ${waits} ${waits === 1 ? 'attesa' : 'attese'}, ${songs} ${songs === 1 ? 'brano' : 'brani'}. L'elenco sotto mostra ogni passo.`,
  walk: 'A piedi',
  wait: 'Attesa',
  platformShortLeadIn: 'Marciapiede',
  songsLegend: 'Brani',
  now: 'ora',
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
  somethingWrong: 'Qualcosa è andato storto.',
  offline: 'Sei offline.',
  notFound: 'Questo viaggio non è (più) qui.',
  loading: 'Caricamento del viaggio…',
  liveHeading: 'In viaggio',
  backToTrip: '← Tutto il viaggio',
  songNow: 'In riproduzione',
  songLeft: (left) => `finisce tra ${left}`,
  nextIn: (stop, inTime) => `${stop} tra ${inTime}`,
  leavesIn: (line, stop, inTime, platform) =>
    `${line ?? 'La prossima corsa'} parte da ${stop} tra ${inTime}${platform ? `, binario ${platform}` : ''}`,
  walkThereIn: (stop, inTime) => `A piedi fino a ${stop}: arrivo tra ${inTime}`,
  songEndsArriving: 'questo brano finisce quando arrivi',
  songEndsLeaving: 'questo brano finisce quando parte il treno',
  songsBefore: (n) => (n === 1 ? 'ancora un brano fino ad allora' : `ancora ${n} brani fino ad allora`),
  songPlaysOn: 'questo brano continua',
  musicStartsIn: (inTime) => `Il mixtape inizia tra ${inTime}.`,
  arrived: 'Sei arrivato.',
  noMusicNow: 'Nessun brano in riproduzione.',
};

export const TRIP: Record<Lang, TripWords> = { en, de, fr, it };

/** A segment in words: "IC 3 Landquart → Zürich HB", "Walk to Bern, Bahnhof", "Wait at Zürich HB". */
export function segmentName(s: SegmentView, t: TripWords): string {
  if (s.kind === 'ride') return `${s.line ?? ''} ${s.from.name} → ${s.to.name}`.trim();
  if (s.kind === 'walk') return t.walkTo(s.to.name);
  if (s.kind === 'wait') return t.waitAt(s.from.name);
  return t.onPlatform(s.from.name);
}
