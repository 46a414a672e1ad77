import type { Repositories, UserRow } from '../../db/repositories/index.js';
import type { UserPreferences } from '../../db/schema.js';
import { NotFoundError } from '../errors.js';
import { type MailingList, readUnsubscribeToken } from '../lib/unsubscribe.js';

const LISTS: Record<MailingList, { label: string; off: Partial<UserPreferences> }> = {
  // An empty reminder-day list means "no reminder emails"; turning the digest off must not
  // turn individual reminder emails on instead, so both stop.
  reminders: { label: 'reminder emails', off: { remindersDaysBefore: [] } },
  digest: { label: 'the digest', off: { digest: 'off', remindersDaysBefore: [] } },
};

/** A person's email preferences: changed in their settings, or by a signed one-click unsubscribe link. */
export function createPreferencesService({ repos, secret }: { repos: Repositories; secret: string }) {
  function readLink(token: string) {
    const found = readUnsubscribeToken(secret, token);
    const user = found && repos.users.findById(found.userId);
    if (!found || !user) throw new NotFoundError('unsubscribe link');
    return { user, list: found.list, label: LISTS[found.list].label };
  }

  return {
    /** Merges `changes` into the user's preferences; `replace` drops keys first (e.g. a list edited whole). */
    update(
      user: UserRow,
      changes: Partial<UserPreferences>,
      replace: (keyof UserPreferences)[] = [],
    ): UserRow {
      const kept = { ...user.preferences };
      for (const key of replace) delete kept[key];
      return repos.users.update(user.id, { preferences: { ...kept, ...changes } })!;
    },
    /** Who an unsubscribe link is for and which list it stops; 404 for a forged or stale link. */
    readUnsubscribeLink: readLink,
    /** Stops the list the link names for its user. */
    unsubscribe(token: string) {
      const link = readLink(token);
      repos.users.update(link.user.id, {
        preferences: { ...link.user.preferences, ...LISTS[link.list].off },
      });
      return link;
    },
  };
}

export type PreferencesService = ReturnType<typeof createPreferencesService>;
