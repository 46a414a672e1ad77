import type { ApiTokenRow, Repositories, UserRow } from '../../db/repositories/index.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { Actor } from './actor.js';
import type { AuthService } from './auth-service.js';
import { recordEvent } from './events.js';

export type ApiTokenStatus = 'active' | 'expired' | 'revoked';

export interface ApiTokenView {
  id: number;
  userId: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: ApiTokenStatus;
}

const MAX_NAME_LENGTH = 100;

/** API tokens: listed without their secret, created with an optional expiry, revoked at once. */
export function createApiTokensService({
  repos,
  clock,
  auth,
}: {
  repos: Repositories;
  clock: Clock;
  auth: AuthService;
}) {
  function view(row: ApiTokenRow): ApiTokenView {
    const expired = row.expiresAt !== null && Date.parse(row.expiresAt) <= clock.now().getTime();
    return {
      id: row.id,
      userId: row.userId,
      name: row.name,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      status: row.revokedAt ? 'revoked' : expired ? 'expired' : 'active',
    };
  }

  /** A token the user may see: their own, or anyone's for an admin; others are "not found". */
  function visibleToken(id: number, viewer: UserRow): ApiTokenRow {
    const row = repos.apiTokens.findById(id);
    if (!row || (row.userId !== viewer.id && viewer.role !== 'admin'))
      throw new NotFoundError('API token', id);
    return row;
  }

  return {
    list(userId: number): ApiTokenView[] {
      return repos.apiTokens.listForUser(userId).map(view);
    },

    create(
      user: UserRow,
      input: { name: string; expiresAt?: string | null },
      actor: Actor,
    ): ApiTokenView & { token: string } {
      const name = input.name.trim();
      if (!name) throw new ValidationError('name', 'is required');
      if (name.length > MAX_NAME_LENGTH)
        throw new ValidationError('name', `must be at most ${MAX_NAME_LENGTH} characters`);
      let expiresAt: string | null = null;
      if (input.expiresAt) {
        const time = Date.parse(input.expiresAt);
        if (Number.isNaN(time)) throw new ValidationError('expiresAt', 'must be a date and time');
        if (time <= clock.now().getTime()) throw new ValidationError('expiresAt', 'must be in the future');
        expiresAt = new Date(time).toISOString();
      }
      if (!user.active) throw new ValidationError('userId', 'a deactivated user cannot get a token');
      return repos.transaction(() => {
        const token = auth.createApiToken(user.id, name, expiresAt);
        const row = repos.apiTokens.listForUser(user.id)[0]!;
        recordEvent(repos, actor, 'api_token.created', {}, { tokenId: row.id, userId: user.id, name });
        return { ...view(row), token };
      });
    },

    /** Revokes a token; it stops working on the next request. Revoking twice changes nothing. */
    revoke(id: number, viewer: UserRow, actor: Actor): ApiTokenView {
      const row = visibleToken(id, viewer);
      if (row.revokedAt) return view(row);
      return repos.transaction(() => {
        repos.apiTokens.revoke(id, row.userId, clock.now().toISOString());
        recordEvent(repos, actor, 'api_token.revoked', {}, { tokenId: id, userId: row.userId });
        return view(repos.apiTokens.findById(id)!);
      });
    },
  };
}

export type ApiTokensService = ReturnType<typeof createApiTokensService>;
