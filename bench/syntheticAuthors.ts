import type { Rng } from './rng';

/** The people (and the bot) who commit to the synthetic repository. */

export interface Author {
  readonly name: string;
  readonly emails: readonly string[];
  readonly tz: string;
  readonly homeAreas: readonly string[];
}

const PEOPLE = [
  'Alice Johnson', 'Bob Smith', 'Chen Wei', 'Dana Kowalski', 'Emeka Obi', 'Fatima Zahra', 'George Miller', 'Hana Sato',
  'Ivan Petrov', 'José Álvarez', 'Kim Nguyen', 'Lena Müller', 'Marco Rossi', 'Nadia Haddad', 'Oscar Lindqvist',
  'Priya Raman', 'Quentin Dubois', 'Rosa Martínez', 'Sam Taylor', 'Tomasz Wiśniewski', 'Uma Patel', 'Victor Hugo Silva',
  'Wen Li', 'Yusuf Demir', 'Zoë van Dijk',
];
const TIMEZONES = ['+0000', '+0100', '+0200', '-0500', '-0800', '+0530', '+0900', '-0300', '+0800'];
export const BOT: Author = { name: 'dependabot[bot]', emails: ['49699333+dependabot[bot]@users.noreply.github.com'], tz: '+0000', homeAreas: [] };

export function createAuthors(rng: Rng, areas: readonly string[]): Author[] {
  return PEOPLE.map((name, i) => {
    const handle = name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z ]/g, '')
      .replace(/ /g, '.');
    // A few people commit from two addresses, as people do.
    const emails = i % 6 === 2 ? [`${handle}@acme.io`, `${handle.split('.')[0] ?? handle}@users.noreply.github.com`] : [`${handle}@acme.io`];
    const homeAreas = i % 8 === 7 ? [] : Array.from({ length: rng.int(2, 4) }, () => rng.pick(areas));
    return { name, emails, tz: rng.pick(TIMEZONES), homeAreas };
  });
}
