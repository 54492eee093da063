import { type ErrorCode, isErrorCode } from './errors.js';
import type { PlaylistNote, PlaylistNoteCode } from './playlist.js';

/**
 * Human messages for every error code, in the four languages Swiss travellers share in. The API
 * stores the code; the message is chosen per request from Accept-Language (or the user's locale).
 */

export const LOCALES = ['en', 'de', 'fr', 'it'] as const;
export type Locale = (typeof LOCALES)[number];

type Messages = Record<Locale, string>;

// Keyed by the closed list: a code without all four translations does not compile.
const MESSAGES: Record<ErrorCode, Messages> = {
  bad_request: {
    en: 'The request could not be understood.',
    de: 'Die Anfrage konnte nicht verstanden werden.',
    fr: "La requête n'a pas pu être comprise.",
    it: 'La richiesta non è stata compresa.',
  },
  invalid_json: {
    en: 'The body is not valid JSON.',
    de: 'Der Inhalt ist kein gültiges JSON.',
    fr: "Le contenu n'est pas du JSON valide.",
    it: 'Il contenuto non è JSON valido.',
  },
  json_forbidden_key: {
    en: 'The body uses a reserved key (__proto__ or constructor.prototype), which Railtape does not accept.',
    de: 'Der Inhalt verwendet einen reservierten Schlüssel (__proto__ oder constructor.prototype), den Railtape nicht annimmt.',
    fr: "Le contenu utilise une clé réservée (__proto__ ou constructor.prototype) que Railtape n'accepte pas.",
    it: 'Il contenuto usa una chiave riservata (__proto__ o constructor.prototype) che Railtape non accetta.',
  },
  invalid_request: {
    en: 'The request is not valid.',
    de: 'Die Anfrage ist ungültig.',
    fr: "La requête n'est pas valide.",
    it: 'La richiesta non è valida.',
  },
  empty_share: {
    en: 'The share has no title, text or link.',
    de: 'Die Freigabe hat weder Titel noch Text noch Link.',
    fr: "Le partage n'a ni titre, ni texte, ni lien.",
    it: 'La condivisione non ha né titolo, né testo, né link.',
  },
  sign_in_required: {
    en: 'Sign in to see your trips.',
    de: 'Melde dich an, um deine Reisen zu sehen.',
    fr: 'Connectez-vous pour voir vos voyages.',
    it: 'Accedi per vedere i tuoi viaggi.',
  },
  cross_site_request: {
    en: 'This request came from another website and was refused. Open Railtape itself and try again.',
    de: 'Diese Anfrage kam von einer anderen Website und wurde abgelehnt. Öffne Railtape selbst und versuche es erneut.',
    fr: 'Cette requête venait d’un autre site et a été refusée. Ouvrez Railtape lui-même et réessayez.',
    it: 'Questa richiesta proveniva da un altro sito ed è stata rifiutata. Apri Railtape stesso e riprova.',
  },
  admin_only: {
    en: 'Only Railtape’s operators may see this page.',
    de: 'Nur die Betreiber von Railtape dürfen diese Seite sehen.',
    fr: 'Seuls les exploitants de Railtape peuvent voir cette page.',
    it: 'Solo i gestori di Railtape possono vedere questa pagina.',
  },
  not_found: {
    en: 'There is nothing at this address.',
    de: 'Unter dieser Adresse gibt es nichts.',
    fr: "Il n'y a rien à cette adresse.",
    it: "Non c'è nulla a questo indirizzo.",
  },
  share_not_found: {
    en: 'This share does not exist, or it is not yours.',
    de: 'Diese Freigabe gibt es nicht, oder sie gehört nicht dir.',
    fr: "Ce partage n'existe pas, ou il ne vous appartient pas.",
    it: 'Questa condivisione non esiste, oppure non è tua.',
  },
  trip_not_found: {
    en: 'This trip does not exist, or it is not yours.',
    de: 'Diese Reise gibt es nicht, oder sie gehört nicht dir.',
    fr: "Ce voyage n'existe pas, ou il ne vous appartient pas.",
    it: 'Questo viaggio non esiste, oppure non è tuo.',
  },
  payload_too_large: {
    en: 'What you sent is too large.',
    de: 'Was du gesendet hast, ist zu gross.',
    fr: 'Ce que vous avez envoyé est trop volumineux.',
    it: 'Quello che hai inviato è troppo grande.',
  },
  unsupported_media_type: {
    en: 'This kind of content is not accepted here; send JSON.',
    de: 'Diese Art von Inhalt wird hier nicht angenommen; sende JSON.',
    fr: "Ce type de contenu n'est pas accepté ici ; envoyez du JSON.",
    it: 'Questo tipo di contenuto non è accettato qui; invia JSON.',
  },
  sign_in_failed: {
    en: 'Signing in did not work. Please try again.',
    de: 'Die Anmeldung hat nicht geklappt. Bitte versuche es nochmals.',
    fr: "La connexion n'a pas abouti. Veuillez réessayer.",
    it: "L'accesso non è riuscito. Riprova.",
  },
  spotify_not_configured: {
    en: 'This Railtape server has no Spotify sign-in.',
    de: 'Dieser Railtape-Server hat keine Spotify-Anmeldung.',
    fr: "Ce serveur Railtape n'a pas de connexion Spotify.",
    it: 'Questo server Railtape non ha un accesso Spotify.',
  },
  spotify_not_connected: {
    en: 'Connect Spotify first.',
    de: 'Verbinde zuerst Spotify.',
    fr: "Connectez d'abord Spotify.",
    it: 'Collega prima Spotify.',
  },
  music_source_not_offered: {
    en: 'This Railtape server does not offer that music source.',
    de: 'Dieser Railtape-Server bietet diese Musikquelle nicht an.',
    fr: 'Ce serveur Railtape ne propose pas cette source musicale.',
    it: 'Questo server Railtape non offre questa fonte musicale.',
  },
  push_not_configured: {
    en: 'This Railtape server does not send reminders (Web Push is not set up).',
    de: 'Dieser Railtape-Server verschickt keine Erinnerungen (Web Push ist nicht eingerichtet).',
    fr: "Ce serveur Railtape n'envoie pas de rappels (Web Push n'est pas configuré).",
    it: 'Questo server Railtape non invia promemoria (Web Push non è configurato).',
  },
  push_endpoint_not_allowed: {
    en: 'Reminders can only go through a known push service.',
    de: 'Erinnerungen können nur über einen bekannten Push-Dienst gehen.',
    fr: 'Les rappels ne peuvent passer que par un service push connu.',
    it: 'I promemoria possono passare solo da un servizio push conosciuto.',
  },
  push_not_subscribed: {
    en: 'No device of yours gets notifications yet: turn them on on this device first.',
    de: 'Noch keines deiner Geräte erhält Mitteilungen: Schalte sie zuerst auf diesem Gerät ein.',
    fr: "Aucun de vos appareils ne reçoit encore de notifications : activez-les d'abord sur cet appareil.",
    it: 'Nessun tuo dispositivo riceve ancora notifiche: attivale prima su questo dispositivo.',
  },
  library_empty: {
    en: 'The music library has no tracks yet: scan it first.',
    de: 'Die Musikbibliothek hat noch keine Titel: Durchsuche sie zuerst.',
    fr: "La bibliothèque musicale n'a encore aucun titre : analysez-la d'abord.",
    it: 'La libreria musicale non ha ancora brani: scansionala prima.',
  },
  spotify_reconnect_required: {
    en: 'Spotify no longer lets Railtape in for you: connect Spotify again.',
    de: 'Spotify lässt Railtape nicht mehr für dich zu: Verbinde Spotify erneut.',
    fr: "Spotify n'autorise plus Railtape pour vous : reconnectez Spotify.",
    it: 'Spotify non autorizza più Railtape per te: ricollega Spotify.',
  },
  spotify_premium_required: {
    en: 'Starting playback from Railtape needs Spotify Premium. Open the playlist in Spotify instead.',
    de: 'Die Wiedergabe aus Railtape zu starten braucht Spotify Premium. Öffne die Playlist stattdessen in Spotify.',
    fr: 'Lancer la lecture depuis Railtape demande Spotify Premium. Ouvrez plutôt la playlist dans Spotify.',
    it: 'Avviare la riproduzione da Railtape richiede Spotify Premium. Apri invece la playlist in Spotify.',
  },
  spotify_no_active_device: {
    en: 'No Spotify device is active. Open Spotify on your phone, then press play again.',
    de: 'Kein Spotify-Gerät ist aktiv. Öffne Spotify auf deinem Handy und drücke nochmals auf Play.',
    fr: 'Aucun appareil Spotify actif. Ouvrez Spotify sur votre téléphone, puis appuyez à nouveau sur lecture.',
    it: 'Nessun dispositivo Spotify attivo. Apri Spotify sul telefono, poi premi di nuovo play.',
  },
  spotify_rate_limited: {
    en: 'Spotify asks us to slow down. Try again in a minute.',
    de: 'Spotify bittet uns, langsamer zu machen. Versuche es in einer Minute nochmals.',
    fr: 'Spotify nous demande de ralentir. Réessayez dans une minute.',
    it: 'Spotify ci chiede di rallentare. Riprova tra un minuto.',
  },
  spotify_quota_exceeded: {
    en: 'This Railtape server has used up its Spotify quota for now. Your playlist is kept and will be written later.',
    de: 'Dieser Railtape-Server hat sein Spotify-Kontingent vorerst aufgebraucht. Deine Playlist bleibt und wird später geschrieben.',
    fr: 'Ce serveur Railtape a épuisé son quota Spotify pour le moment. Votre playlist est conservée et sera écrite plus tard.',
    it: 'Questo server Railtape ha esaurito per ora la quota Spotify. La tua playlist è conservata e verrà scritta più tardi.',
  },
  spotify_unavailable: {
    en: 'Spotify is not answering right now. Try again shortly.',
    de: 'Spotify antwortet gerade nicht. Versuche es gleich nochmals.',
    fr: 'Spotify ne répond pas pour le moment. Réessayez sous peu.',
    it: 'Spotify non risponde in questo momento. Riprova a breve.',
  },
  subsonic_unavailable: {
    en: 'Your music server is not answering right now. Try again shortly.',
    de: 'Dein Musikserver antwortet gerade nicht. Versuche es gleich nochmals.',
    fr: 'Votre serveur de musique ne répond pas pour le moment. Réessayez sous peu.',
    it: 'Il tuo server musicale non risponde in questo momento. Riprova a breve.',
  },
  subsonic_auth_failed: {
    en: 'Your music server did not accept the sign-in this Railtape server is configured with.',
    de: 'Dein Musikserver hat die Anmeldung dieses Railtape-Servers nicht angenommen.',
    fr: "Votre serveur de musique n'a pas accepté l'identification configurée sur ce serveur Railtape.",
    it: "Il tuo server musicale non ha accettato l'accesso configurato su questo server Railtape.",
  },
  subsonic_not_found: {
    en: 'Your music server does not know this playlist or song (any more).',
    de: 'Dein Musikserver kennt diese Playlist oder diesen Titel (nicht mehr).',
    fr: 'Votre serveur de musique ne connaît pas (plus) cette playlist ou ce titre.',
    it: 'Il tuo server musicale non conosce (più) questa playlist o questo brano.',
  },
  playlist_not_in_spotify: {
    en: 'This playlist is not in your Spotify account (yet).',
    de: 'Diese Playlist ist (noch) nicht in deinem Spotify-Konto.',
    fr: "Cette playlist n'est pas (encore) dans votre compte Spotify.",
    it: 'Questa playlist non è (ancora) nel tuo account Spotify.',
  },
  trip_not_under_way: {
    en: 'The trip is not under way: the playlist starts with the departure and ends on arrival.',
    de: 'Die Reise läuft gerade nicht: Die Playlist beginnt mit der Abfahrt und endet bei der Ankunft.',
    fr: "Le voyage n'est pas en cours : la playlist commence au départ et finit à l'arrivée.",
    it: "Il viaggio non è in corso: la playlist inizia alla partenza e finisce all'arrivo.",
  },
  rate_limited: {
    en: 'Too many requests. Wait a moment and try again.',
    de: 'Zu viele Anfragen. Warte einen Moment und versuche es erneut.',
    fr: 'Trop de requêtes. Attendez un instant et réessayez.',
    it: 'Troppe richieste. Attendi un momento e riprova.',
  },
  no_link_found: {
    en: 'No trip link was found in what you shared. Share the connection from the SBB app, sbb.ch or Google Maps, or paste the link.',
    de: 'In deiner Freigabe wurde kein Reise-Link gefunden. Teile die Verbindung aus der SBB-App, von sbb.ch oder Google Maps, oder füge den Link ein.',
    fr: "Aucun lien de voyage n'a été trouvé dans ce que vous avez partagé. Partagez la correspondance depuis l'app CFF, sbb.ch ou Google Maps, ou collez le lien.",
    it: "Nella condivisione non è stato trovato alcun link di viaggio. Condividi il collegamento dall'app FFS, da sbb.ch o da Google Maps, oppure incolla il link.",
  },
  unsupported_version: {
    en: 'This SBB link uses a format Railtape does not know yet. We kept it and will try again after an update.',
    de: 'Dieser SBB-Link hat ein Format, das Railtape noch nicht kennt. Wir haben ihn gespeichert und versuchen es nach einem Update erneut.',
    fr: "Ce lien CFF utilise un format que Railtape ne connaît pas encore. Nous l'avons gardé et réessaierons après une mise à jour.",
    it: "Questo link FFS usa un formato che Railtape non conosce ancora. L'abbiamo conservato e riproveremo dopo un aggiornamento.",
  },
  bad_leg: {
    en: 'One part of this trip could not be read, so the trip was not imported. We kept the link.',
    de: 'Ein Teil dieser Reise konnte nicht gelesen werden, deshalb wurde sie nicht übernommen. Der Link ist gespeichert.',
    fr: "Une partie de ce voyage n'a pas pu être lue, le voyage n'a donc pas été importé. Le lien est conservé.",
    it: 'Una parte di questo viaggio non è leggibile, quindi il viaggio non è stato importato. Il link è conservato.',
  },
  bad_link: {
    en: 'This link is damaged or incomplete. Try sharing the connection again.',
    de: 'Dieser Link ist beschädigt oder unvollständig. Teile die Verbindung bitte nochmals.',
    fr: 'Ce lien est endommagé ou incomplet. Essayez de partager à nouveau la correspondance.',
    it: 'Questo link è danneggiato o incompleto. Prova a condividere di nuovo il collegamento.',
  },
  not_transit: {
    en: 'This route is not a public-transport trip (for example a driving route).',
    de: 'Diese Route ist keine Reise mit dem öffentlichen Verkehr (zum Beispiel eine Autoroute).',
    fr: "Cet itinéraire n'est pas un trajet en transports publics (par exemple un trajet en voiture).",
    it: 'Questo percorso non è un viaggio con i mezzi pubblici (ad esempio un percorso in auto).',
  },
  trip_too_long: {
    en: 'This trip is longer than Railtape takes: at most 48 hours from the first departure to the last arrival, and at most 60 legs. We kept the link.',
    de: 'Diese Reise ist länger, als Railtape annimmt: höchstens 48 Stunden von der ersten Abfahrt bis zur letzten Ankunft und höchstens 60 Teilstrecken. Der Link ist gespeichert.',
    fr: 'Ce voyage est plus long que ce que Railtape accepte : au plus 48 heures du premier départ à la dernière arrivée, et au plus 60 tronçons. Le lien est conservé.',
    it: "Questo viaggio è più lungo di quanto Railtape accetti: al massimo 48 ore dalla prima partenza all'ultimo arrivo e al massimo 60 tratte. Il link è conservato.",
  },
  incomplete_search: {
    en: 'This link has no start or destination, so it is not a trip yet.',
    de: 'Dieser Link hat keinen Start oder kein Ziel und ist deshalb noch keine Reise.',
    fr: "Ce lien n'a pas de départ ou de destination, ce n'est donc pas encore un voyage.",
    it: 'Questo link non ha partenza o destinazione, quindi non è ancora un viaggio.',
  },
  stop_not_found: {
    en: 'A stop of this trip is not in the Swiss timetable. Share the trip from the SBB app, or name the stations.',
    de: 'Eine Haltestelle dieser Reise ist nicht im Schweizer Fahrplan. Teile die Reise aus der SBB-App oder nenne die Bahnhöfe.',
    fr: "Un arrêt de ce voyage n'est pas dans l'horaire suisse. Partagez le voyage depuis l'app CFF ou indiquez les gares.",
    it: "Una fermata di questo viaggio non è nell'orario svizzero. Condividi il viaggio dall'app FFS o indica le stazioni.",
  },
  no_connection: {
    en: 'The timetable has no connection for this search at that time.',
    de: 'Der Fahrplan hat für diese Suche zu dieser Zeit keine Verbindung.',
    fr: "L'horaire n'a aucune correspondance pour cette recherche à cette heure.",
    it: "L'orario non ha collegamenti per questa ricerca a quell'ora.",
  },
  timetable_unavailable: {
    en: 'The timetable could not be reached. We will look the trip up again shortly.',
    de: 'Der Fahrplan war nicht erreichbar. Wir suchen die Reise gleich nochmals.',
    fr: "L'horaire n'était pas joignable. Nous chercherons le voyage à nouveau sous peu.",
    it: "L'orario non era raggiungibile. Cercheremo di nuovo il viaggio a breve.",
  },
  resolution_failed: {
    en: 'The short link could not be opened. We will try again shortly.',
    de: 'Der Kurzlink konnte nicht geöffnet werden. Wir versuchen es gleich nochmals.',
    fr: "Le lien court n'a pas pu être ouvert. Nous réessaierons sous peu.",
    it: 'Il link breve non è stato aperto. Riproveremo a breve.',
  },
  link_expired: {
    en: 'This short link is unknown or has expired. Share the connection again from the app.',
    de: 'Dieser Kurzlink ist unbekannt oder abgelaufen. Teile die Verbindung nochmals aus der App.',
    fr: "Ce lien court est inconnu ou a expiré. Partagez à nouveau la correspondance depuis l'app.",
    it: "Questo link breve è sconosciuto o scaduto. Condividi di nuovo il collegamento dall'app.",
  },
  link_not_allowed: {
    en: 'Railtape only opens links from SBB and Google Maps.',
    de: 'Railtape öffnet nur Links von der SBB und von Google Maps.',
    fr: 'Railtape ouvre uniquement les liens des CFF et de Google Maps.',
    it: 'Railtape apre solo link delle FFS e di Google Maps.',
  },
  awaiting_short_link: {
    en: 'Opening the short link…',
    de: 'Der Kurzlink wird geöffnet …',
    fr: 'Ouverture du lien court…',
    it: 'Apertura del link breve…',
  },
  date_unclear: {
    en: 'The date of this connection has no year, and its weekday does not fit the coming one: it may be a past trip. Share it with the full date.',
    de: 'Das Datum dieser Verbindung hat kein Jahr, und der Wochentag passt nicht zum kommenden: Es ist vielleicht eine vergangene Reise. Teile sie mit vollem Datum.',
    fr: "La date de cette correspondance n'a pas d'année et son jour de la semaine ne correspond pas à la prochaine : c'est peut-être un voyage passé. Partagez-la avec la date complète.",
    it: "La data di questo collegamento non ha l'anno e il giorno della settimana non corrisponde al prossimo: forse è un viaggio passato. Condividilo con la data completa.",
  },
  driving_route: {
    en: 'This is a driving route, not a public-transport trip. In the map app, choose public transport and share again.',
    de: 'Das ist eine Autoroute, keine Reise mit dem öffentlichen Verkehr. Wähle in der Karten-App den ÖV und teile nochmals.',
    fr: "C'est un itinéraire en voiture, pas un trajet en transports publics. Dans l'app de cartes, choisissez les transports publics et partagez à nouveau.",
    it: "Questo è un percorso in auto, non un viaggio con i mezzi pubblici. Nell'app delle mappe scegli i mezzi pubblici e condividi di nuovo.",
  },
  walking_route: {
    en: 'This is a walking route, not a public-transport trip. In the map app, choose public transport and share again.',
    de: 'Das ist eine Fussroute, keine Reise mit dem öffentlichen Verkehr. Wähle in der Karten-App den ÖV und teile nochmals.',
    fr: "C'est un itinéraire à pied, pas un trajet en transports publics. Dans l'app de cartes, choisissez les transports publics et partagez à nouveau.",
    it: "Questo è un percorso a piedi, non un viaggio con i mezzi pubblici. Nell'app delle mappe scegli i mezzi pubblici e condividi di nuovo.",
  },
  cycling_route: {
    en: 'This is a cycling route, not a public-transport trip. In the map app, choose public transport and share again.',
    de: 'Das ist eine Velo-Route, keine Reise mit dem öffentlichen Verkehr. Wähle in der Karten-App den ÖV und teile nochmals.',
    fr: "C'est un itinéraire à vélo, pas un trajet en transports publics. Dans l'app de cartes, choisissez les transports publics et partagez à nouveau.",
    it: "Questo è un percorso in bicicletta, non un viaggio con i mezzi pubblici. Nell'app delle mappe scegli i mezzi pubblici e condividi di nuovo.",
  },
  place_not_route: {
    en: 'This link shows one place or station, not a trip. Look up the connection and share that.',
    de: 'Dieser Link zeigt einen Ort oder Bahnhof, keine Reise. Suche die Verbindung und teile diese.',
    fr: 'Ce lien montre un lieu ou une gare, pas un voyage. Cherchez la correspondance et partagez-la.',
    it: 'Questo link mostra un luogo o una stazione, non un viaggio. Cerca il collegamento e condividi quello.',
  },
  origin_needs_position: {
    en: 'This route starts at "my location". Where do you start? Use your position or name a stop.',
    de: 'Diese Route beginnt bei «Mein Standort». Wo startest du? Nutze deine Position oder nenne eine Haltestelle.',
    fr: 'Cet itinéraire part de « Ma position ». Où partez-vous ? Utilisez votre position ou indiquez un arrêt.',
    it: 'Questo percorso parte da «La mia posizione». Da dove parti? Usa la tua posizione o indica una fermata.',
  },
  awaiting_timetable: {
    en: 'This is a search, not a chosen train: the trip will be looked up in the timetable.',
    de: 'Das ist eine Suche, keine gewählte Verbindung: Die Reise wird im Fahrplan nachgeschlagen.',
    fr: "C'est une recherche, pas un train choisi : le voyage sera recherché dans l'horaire.",
    it: "Questa è una ricerca, non un treno scelto: il viaggio sarà cercato nell'orario.",
  },
  database_unavailable: {
    en: 'Railtape cannot reach its database right now. Try again in a moment; nothing you shared is lost.',
    de: 'Railtape erreicht seine Datenbank gerade nicht. Versuche es gleich noch einmal; nichts, was du geteilt hast, geht verloren.',
    fr: "Railtape ne joint pas sa base de données pour le moment. Réessayez dans un instant ; rien de ce que vous avez partagé n'est perdu.",
    it: 'Railtape non raggiunge il suo database in questo momento. Riprova tra poco; nulla di ciò che hai condiviso va perso.',
  },
  internal_error: {
    en: 'Something went wrong on our side. Nothing you shared is lost; it will be retried.',
    de: 'Bei uns ist etwas schiefgelaufen. Nichts, was du geteilt hast, geht verloren; es wird erneut versucht.',
    fr: "Un problème est survenu de notre côté. Rien de ce que vous avez partagé n'est perdu ; nous réessaierons.",
    it: 'Qualcosa è andato storto da parte nostra. Nulla di ciò che hai condiviso va perso; verrà riprovato.',
  },
};

/** Picks the first supported language from an Accept-Language header (`de-CH,de;q=0.9,en;q=0.8`). */
export function localeFrom(acceptLanguage: string | undefined, fallback: Locale = 'en'): Locale {
  if (!acceptLanguage) return fallback;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((e) => !Number.isNaN(e.q))
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) {
    if ((LOCALES as readonly string[]).includes(lang)) return lang as Locale;
  }
  return fallback;
}

/**
 * The message for a code in a language. Codes stored before they joined the list (an old row) fall
 * back to the message stored with them.
 */
export function messageFor(code: string, locale: Locale, fallback?: string): string {
  if (isErrorCode(code)) return MESSAGES[code][locale];
  return fallback ?? MESSAGES.internal_error[locale];
}

type NoteParams = Record<string, string | number>;
type NoteText = (p: NoteParams, n: (value: string | number | undefined) => string) => string;

const ARRIVAL_REASONS: Record<Locale, Record<string, string>> = {
  en: {
    not_in_pool: 'is not in the pool',
    already_played: 'has already been played',
    explicit: 'is explicit and explicit tracks are off',
  },
  de: {
    not_in_pool: 'ist nicht in der Auswahl',
    already_played: 'wurde schon gespielt',
    explicit: 'ist explizit, und explizite Titel sind ausgeschaltet',
  },
  fr: {
    not_in_pool: "n'est pas dans la sélection",
    already_played: 'a déjà été jouée',
    explicit: 'est explicite et les titres explicites sont désactivés',
  },
  it: {
    not_in_pool: 'non è nella selezione',
    already_played: 'è già stata riprodotta',
    explicit: 'è esplicita e i brani espliciti sono disattivati',
  },
};

const DEMO_REASONS: Record<Locale, Record<string, string>> = {
  en: {
    spotify_reconnect_required: 'connect Spotify again to use your music',
    spotify_not_connected: 'connect Spotify to use your music',
    spotify_not_configured: 'this server has no Spotify sign-in',
    local_not_configured: 'this server has no music library yet',
    subsonic_not_configured: 'this server has no music server (Subsonic) set up',
    subsonic_unavailable: 'your music server is not answering',
    subsonic_auth_failed: 'your music server refused the sign-in',
    subsonic_not_found: 'your music server is missing a playlist',
    library_empty: 'the music library has no tracks yet',
  },
  de: {
    spotify_reconnect_required: 'verbinde Spotify erneut, um deine Musik zu nutzen',
    spotify_not_connected: 'verbinde Spotify, um deine Musik zu nutzen',
    spotify_not_configured: 'dieser Server hat keine Spotify-Anmeldung',
    local_not_configured: 'dieser Server hat noch keine Musikbibliothek',
    subsonic_not_configured: 'dieser Server hat keinen Musikserver (Subsonic) eingerichtet',
    subsonic_unavailable: 'dein Musikserver antwortet nicht',
    subsonic_auth_failed: 'dein Musikserver hat die Anmeldung abgelehnt',
    subsonic_not_found: 'deinem Musikserver fehlt eine Playlist',
    library_empty: 'die Musikbibliothek hat noch keine Titel',
  },
  fr: {
    spotify_reconnect_required: 'reconnectez Spotify pour utiliser votre musique',
    spotify_not_connected: 'connectez Spotify pour utiliser votre musique',
    spotify_not_configured: "ce serveur n'a pas de connexion Spotify",
    local_not_configured: "ce serveur n'a pas encore de bibliothèque musicale",
    subsonic_not_configured: "ce serveur n'a pas de serveur de musique (Subsonic) configuré",
    subsonic_unavailable: 'votre serveur de musique ne répond pas',
    subsonic_auth_failed: "votre serveur de musique a refusé l'identification",
    subsonic_not_found: 'il manque une playlist sur votre serveur de musique',
    library_empty: "la bibliothèque musicale n'a encore aucun titre",
  },
  it: {
    spotify_reconnect_required: 'ricollega Spotify per usare la tua musica',
    spotify_not_connected: 'collega Spotify per usare la tua musica',
    spotify_not_configured: 'questo server non ha un accesso Spotify',
    local_not_configured: 'questo server non ha ancora una libreria musicale',
    subsonic_not_configured: 'questo server non ha un server musicale (Subsonic) configurato',
    subsonic_unavailable: 'il tuo server musicale non risponde',
    subsonic_auth_failed: "il tuo server musicale ha rifiutato l'accesso",
    subsonic_not_found: 'manca una playlist sul tuo server musicale',
    library_empty: 'la libreria musicale non ha ancora brani',
  },
};

// Keyed by the closed list of note codes, like MESSAGES: a note without all four languages does not compile.
const NOTE_MESSAGES: Record<PlaylistNoteCode, Record<Locale, NoteText>> = {
  invalid_tracks_ignored: {
    en: (p, n) => `${n(p.count)} track(s) without a usable duration were ignored.`,
    de: (p, n) => `${n(p.count)} Titel ohne brauchbare Dauer wurden übergangen.`,
    fr: (p, n) => `${n(p.count)} titre(s) sans durée utilisable ont été ignorés.`,
    it: (p, n) => `${n(p.count)} brani senza una durata utilizzabile sono stati ignorati.`,
  },
  duplicate_tracks_ignored: {
    en: (p, n) =>
      `${n(p.count)} duplicate(s) (the same id, or the same song under another id) were left out.`,
    de: (p, n) =>
      `${n(p.count)} Duplikat(e) (dieselbe ID oder derselbe Song unter anderer ID) wurden weggelassen.`,
    fr: (p, n) =>
      `${n(p.count)} doublon(s) (le même identifiant, ou la même chanson sous un autre) ont été écartés.`,
    it: (p, n) =>
      `${n(p.count)} duplicati (lo stesso id, o lo stesso brano con un altro id) sono stati esclusi.`,
  },
  pool_truncated: {
    en: (p, n) =>
      `Only the first ${n(p.count)} tracks of your music were considered; ${n(p.left)} were left out.`,
    de: (p, n) =>
      `Nur die ersten ${n(p.count)} Titel deiner Musik wurden berücksichtigt; ${n(p.left)} blieben weg.`,
    fr: (p, n) =>
      `Seuls les ${n(p.count)} premiers titres de votre musique ont été pris en compte ; ${n(p.left)} ont été écartés.`,
    it: (p, n) =>
      `Sono stati considerati solo i primi ${n(p.count)} brani della tua musica; ${n(p.left)} sono stati esclusi.`,
  },
  empty_pool: {
    en: () => 'There are no usable tracks to choose from.',
    de: () => 'Es gibt keine brauchbaren Titel zur Auswahl.',
    fr: () => "Il n'y a aucun titre utilisable parmi lesquels choisir.",
    it: () => 'Non ci sono brani utilizzabili tra cui scegliere.',
  },
  pool_too_small: {
    en: (p, n) =>
      `The pool holds ${n(p.availableMinutes)} min of usable music for ${n(p.neededMinutes)} min to fill; add another playlist.`,
    de: (p, n) =>
      `Die Auswahl hat ${n(p.availableMinutes)} min brauchbare Musik für ${n(p.neededMinutes)} min; füge eine weitere Playlist hinzu.`,
    fr: (p, n) =>
      `La sélection contient ${n(p.availableMinutes)} min de musique utilisable pour ${n(p.neededMinutes)} min à remplir ; ajoutez une autre playlist.`,
    it: (p, n) =>
      `La selezione contiene ${n(p.availableMinutes)} min di musica utilizzabile per ${n(p.neededMinutes)} min da riempire; aggiungi un'altra playlist.`,
  },
  too_few_short_tracks: {
    en: (p, n) =>
      `No combination of the ${n(p.count)} usable tracks fits every boundary; shorter tracks (interludes, 1–3 min songs) would help.`,
    de: (p, n) =>
      `Keine Kombination der ${n(p.count)} brauchbaren Titel passt zu jedem Umstieg; kürzere Titel (Interludes, 1–3-min-Songs) würden helfen.`,
    fr: (p, n) =>
      `Aucune combinaison des ${n(p.count)} titres utilisables ne tombe juste à chaque correspondance ; des titres plus courts (interludes, chansons de 1 à 3 min) aideraient.`,
    it: (p, n) =>
      `Nessuna combinazione dei ${n(p.count)} brani utilizzabili si adatta a ogni cambio; brani più brevi (interludi, canzoni di 1–3 min) aiuterebbero.`,
  },
  explicit_filtered: {
    en: (p, n) =>
      `${n(p.count)} explicit track(s) (${n(p.minutes)} min) were left out by the explicit filter.`,
    de: (p, n) => `${n(p.count)} explizite Titel (${n(p.minutes)} min) wurden vom Filter weggelassen.`,
    fr: (p, n) => `${n(p.count)} titre(s) explicite(s) (${n(p.minutes)} min) ont été écartés par le filtre.`,
    it: (p, n) => `${n(p.count)} brani espliciti (${n(p.minutes)} min) sono stati esclusi dal filtro.`,
  },
  segment_merged: {
    en: (p, n) =>
      `No song fits the connection ending with leg ${n(p.leg)}; it was merged into the next segment.`,
    de: (p, n) =>
      `Kein Song passt zur Verbindung, die mit Teilstrecke ${n(p.leg)} endet; sie wurde mit der nächsten zusammengelegt.`,
    fr: (p, n) =>
      `Aucune chanson ne tombe juste pour le trajet finissant au tronçon ${n(p.leg)} ; il a été fusionné avec le suivant.`,
    it: (p, n) =>
      `Nessun brano si adatta al collegamento che termina con la tratta ${n(p.leg)}; è stato unito al successivo.`,
  },
  boundary_missed: {
    en: (p, n) =>
      `The song change at the end of leg ${n(p.leg)} is ${n(p.offSeconds)} s off (tolerance ${n(p.toleranceSeconds)} s).`,
    de: (p, n) =>
      `Der Songwechsel am Ende von Teilstrecke ${n(p.leg)} liegt ${n(p.offSeconds)} s daneben (Toleranz ${n(p.toleranceSeconds)} s).`,
    fr: (p, n) =>
      `Le changement de chanson à la fin du tronçon ${n(p.leg)} est décalé de ${n(p.offSeconds)} s (tolérance ${n(p.toleranceSeconds)} s).`,
    it: (p, n) =>
      `Il cambio di brano alla fine della tratta ${n(p.leg)} è spostato di ${n(p.offSeconds)} s (tolleranza ${n(p.toleranceSeconds)} s).`,
  },
  lead_in_merged: {
    en: () => 'No song fits the music on the platform; the first song runs on into the ride.',
    de: () => 'Kein Song passt zur Musik auf dem Perron; der erste Song läuft in die Fahrt hinein.',
    fr: () =>
      'Aucune chanson ne tombe juste pour la musique sur le quai ; la première continue pendant le trajet.',
    it: () => 'Nessun brano si adatta alla musica sul binario; il primo continua durante il viaggio.',
  },
  departure_boundary_missed: {
    en: (p, n) =>
      `The song change as the train leaves is ${n(p.offSeconds)} s off (tolerance ${n(p.toleranceSeconds)} s).`,
    de: (p, n) =>
      `Der Songwechsel bei der Abfahrt liegt ${n(p.offSeconds)} s daneben (Toleranz ${n(p.toleranceSeconds)} s).`,
    fr: (p, n) =>
      `Le changement de chanson au départ du train est décalé de ${n(p.offSeconds)} s (tolérance ${n(p.toleranceSeconds)} s).`,
    it: (p, n) =>
      `Il cambio di brano alla partenza del treno è spostato di ${n(p.offSeconds)} s (tolleranza ${n(p.toleranceSeconds)} s).`,
  },
  artist_cap_relaxed: {
    en: (p, n) =>
      `Some artists appear more than ${n(p.cap)} time(s): the pool has too few other artists for this trip.`,
    de: (p, n) =>
      `Einige Künstler kommen öfter als ${n(p.cap)}-mal vor: Die Auswahl hat zu wenige andere Künstler für diese Reise.`,
    fr: (p, n) =>
      `Certains artistes apparaissent plus de ${n(p.cap)} fois : la sélection a trop peu d'autres artistes pour ce voyage.`,
    it: (p, n) =>
      `Alcuni artisti compaiono più di ${n(p.cap)} volte: la selezione ha troppo pochi altri artisti per questo viaggio.`,
  },
  recent_tracks_reused: {
    en: (p, n) =>
      `${n(p.count)} track(s) from recent trips were reused: the pool is too small to avoid them.`,
    de: (p, n) =>
      `${n(p.count)} Titel aus letzten Reisen wurden wiederverwendet: Die Auswahl ist zu klein, um sie zu vermeiden.`,
    fr: (p, n) =>
      `${n(p.count)} titre(s) de voyages récents ont été réutilisés : la sélection est trop petite pour les éviter.`,
    it: (p, n) =>
      `${n(p.count)} brani di viaggi recenti sono stati riutilizzati: la selezione è troppo piccola per evitarli.`,
  },
  arrival_track_unavailable: {
    en: (p) => `The arrival song ${ARRIVAL_REASONS.en[String(p.reason)] ?? 'cannot be used'}.`,
    de: (p) => `Der Ankunftssong ${ARRIVAL_REASONS.de[String(p.reason)] ?? 'kann nicht verwendet werden'}.`,
    fr: (p) => `La chanson d'arrivée ${ARRIVAL_REASONS.fr[String(p.reason)] ?? 'ne peut pas être utilisée'}.`,
    it: (p) => `Il brano di arrivo ${ARRIVAL_REASONS.it[String(p.reason)] ?? 'non può essere usato'}.`,
  },
  arrival_track_too_long: {
    en: () => 'The arrival song is longer than the time left to fill.',
    de: () => 'Der Ankunftssong ist länger als die verbleibende Zeit.',
    fr: () => "La chanson d'arrivée est plus longue que le temps restant à remplir.",
    it: () => 'Il brano di arrivo è più lungo del tempo rimasto da riempire.',
  },
  already_arrived: {
    en: () => 'The trip is over: nothing is left to fit.',
    de: () => 'Die Reise ist vorbei: Es bleibt nichts mehr zu füllen.',
    fr: () => 'Le voyage est terminé : il ne reste rien à remplir.',
    it: () => 'Il viaggio è finito: non resta nulla da riempire.',
  },
  demo_catalog_used: {
    en: (p) =>
      `These are demo tracks: ${DEMO_REASONS.en[String(p.reason)] ?? 'your music could not be used'}.`,
    de: (p) =>
      `Das sind Demo-Titel: ${DEMO_REASONS.de[String(p.reason)] ?? 'deine Musik konnte nicht verwendet werden'}.`,
    fr: (p) =>
      `Ce sont des titres de démonstration : ${DEMO_REASONS.fr[String(p.reason)] ?? "votre musique n'a pas pu être utilisée"}.`,
    it: (p) =>
      `Questi sono brani demo: ${DEMO_REASONS.it[String(p.reason)] ?? 'la tua musica non è stata usata'}.`,
  },
  kept_tracks_overrun: {
    en: () => 'The songs already started run past the new arrival time.',
    de: () => 'Die bereits gestarteten Songs laufen über die neue Ankunftszeit hinaus.',
    fr: () => "Les chansons déjà commencées dépassent la nouvelle heure d'arrivée.",
    it: () => "I brani già iniziati superano il nuovo orario d'arrivo.",
  },
};

const NUMBER_FORMATS = Object.fromEntries(
  LOCALES.map((l) => [l, new Intl.NumberFormat(`${l}-CH`, { maximumFractionDigits: 1 })]),
) as Record<Locale, Intl.NumberFormat>;

/**
 * A fitting note in the reader's language. Notes stored before they carried params keep their
 * English sentence.
 */
export function noteMessage(note: PlaylistNote, locale: Locale): string {
  const texts = Object.hasOwn(NOTE_MESSAGES, note.code) ? NOTE_MESSAGES[note.code] : undefined;
  if (!texts || note.params === undefined) return note.message;
  const format = NUMBER_FORMATS[locale];
  const params = note.params;
  return texts[locale](params, (value) =>
    typeof value === 'number' ? format.format(value) : String(value ?? '?'),
  );
}
