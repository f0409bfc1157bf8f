/** « Bourse » and one stock's page (pages/market.tsx). */
export const MARKET_PATHS = /^\/bourse(\/\d+)?$/;

/** The client's paths and section titles, without the pages' code (main.tsx and the title use them). */
export const CLIENT_PATHS =
  /^\/(virements|messages|actualites|securite|documents|notifications\/reglages|bourse(\/\d+)?|comptes\/\d+\/(releve|rib))?$/;

const TITLES: Record<string, string> = {
  '/virements': 'Virements',
  '/messages': 'Messages',
  '/actualites': 'Actualités',
  '/securite': 'Sécurité',
  '/documents': 'Documents',
  '/notifications/reglages': 'Notifications',
  '/bourse': 'Bourse',
};
/** The tab title's section name for a client path. */
export const clientSectionTitle = (p: string) =>
  TITLES[p] ??
  (p.startsWith('/bourse/') ? 'Bourse' : undefined) ??
  (p.endsWith('/rib') ? 'RIB' : p.endsWith('/releve') ? 'Relevé de compte' : 'Comptes');
