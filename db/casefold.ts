/**
 * A name's key for "same name" checks under full Unicode case folding: "Ärzte" = "ÄRZTE",
 * "Straße" = "STRASSE", whatever the normalization form it was typed in. SQLite's lower() folds
 * ASCII only, so the database calls this as casefold() (registered on every connection).
 */
export function caseFold(value: string): string {
  return value.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFC');
}
