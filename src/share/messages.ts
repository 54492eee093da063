/**
 * Human messages for share and API error codes, in the four languages Swiss travellers share in.
 * The API stores the code; the message is chosen per request from Accept-Language (or the user's locale).
 */

export const LOCALES = ['en', 'de', 'fr', 'it'] as const;
export type Locale = (typeof LOCALES)[number];

type Messages = Record<Locale, string>;

const MESSAGES: Record<string, Messages> = {
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
  incomplete_search: {
    en: 'This link has no start or destination, so it is not a trip yet.',
    de: 'Dieser Link hat keinen Start oder kein Ziel und ist deshalb noch keine Reise.',
    fr: "Ce lien n'a pas de départ ou de destination, ce n'est donc pas encore un voyage.",
    it: 'Questo link non ha partenza o destinazione, quindi non è ancora un viaggio.',
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
  awaiting_timetable: {
    en: 'This is a search, not a chosen train: the trip will be looked up in the timetable.',
    de: 'Das ist eine Suche, keine gewählte Verbindung: Die Reise wird im Fahrplan nachgeschlagen.',
    fr: "C'est une recherche, pas un train choisi : le voyage sera recherché dans l'horaire.",
    it: "Questa è una ricerca, non un treno scelto: il viaggio sarà cercato nell'orario.",
  },
  internal_error: {
    en: 'Something went wrong on our side. Your share is kept and will be retried.',
    de: 'Bei uns ist etwas schiefgelaufen. Deine Freigabe ist gespeichert und wird erneut versucht.',
    fr: 'Un problème est survenu de notre côté. Votre partage est conservé et sera réessayé.',
    it: 'Qualcosa è andato storto da parte nostra. La tua condivisione è conservata e verrà riprovata.',
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

export function messageFor(code: string, locale: Locale, fallback?: string): string {
  return MESSAGES[code]?.[locale] ?? fallback ?? MESSAGES.internal_error![locale];
}

export const knownMessageCodes = (): string[] => Object.keys(MESSAGES);
