/**
 * The operator page's words. Table captions and column names stay in English on purpose: the page is
 * a tool for whoever runs Railtape, and its figures match `railtape stats` and docs/operations.md.
 */
import type { Lang } from './index.js';

export interface OperatorWords {
  link: string;
  heading: string;
  loading: string;
  period: (since: string, until: string) => string;
  failed: string;
}

export const OPERATOR: Record<Lang, OperatorWords> = {
  en: {
    link: 'Operator page',
    heading: 'Railtape in operation',
    loading: 'Loading the figures…',
    period: (since, until) => `${since} – ${until} UTC (last 7 days)`,
    failed: 'The figures could not be loaded.',
  },
  de: {
    link: 'Betriebsseite',
    heading: 'Railtape im Betrieb',
    loading: 'Zahlen werden geladen …',
    period: (since, until) => `${since} – ${until} UTC (letzte 7 Tage)`,
    failed: 'Die Zahlen liessen sich nicht laden.',
  },
  fr: {
    link: 'Page d’exploitation',
    heading: 'Railtape en service',
    loading: 'Chargement des chiffres…',
    period: (since, until) => `${since} – ${until} UTC (7 derniers jours)`,
    failed: 'Les chiffres n’ont pas pu être chargés.',
  },
  it: {
    link: 'Pagina di gestione',
    heading: 'Railtape in servizio',
    loading: 'Caricamento dei dati…',
    period: (since, until) => `${since} – ${until} UTC (ultimi 7 giorni)`,
    failed: 'Non è stato possibile caricare i dati.',
  },
};
