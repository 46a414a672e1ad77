import type { Repositories, UserRow } from '../../db/repositories/index.js';
import type { Role } from '../domain/vocabulary.js';
import { ConflictError, UnauthorizedError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { hashPassword, verifyPassword } from '../lib/passwords.js';
import { digestToken, randomToken } from '../lib/tokens.js';
import type { Actor } from './actor.js';
import { isUniqueViolation } from './sqlite-errors.js';

const SETUP_LINK_HOURS = 24;
const INVITATION_HOURS = 7 * 24;
export const MIN_PASSWORD_LENGTH = 10;
const API_TOKEN_PREFIX = 'dkt_';
/** How precise a token's "last used" is: a busy script does not write on every request. */
export const LAST_USED_PRECISION_MS = 60 * 60_000;

export interface NewAccount {
  email: string;
  name: string;
  password: string;
}

export function createAuthService({
  repos,
  clock,
  baseUrl,
}: {
  repos: Repositories;
  clock: Clock;
  baseUrl: string;
}) {
  const nowIso = () => clock.now().toISOString();
  const hoursFromNow = (hours: number) => new Date(clock.now().getTime() + hours * 3600_000).toISOString();

  function checkPassword(password: string) {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new ValidationError('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    }
  }

  function createInvitation(options: {
    role: Role;
    email?: string | null;
    name?: string | null;
    organizationId?: number | null;
    createdBy?: number | null;
    hours?: number;
  }) {
    const token = randomToken();
    const invitation = repos.invitations.insert({
      tokenHash: digestToken(token),
      role: options.role,
      email: options.email ?? null,
      name: options.name ?? null,
      organizationId: options.organizationId ?? null,
      createdBy: options.createdBy ?? null,
      expiresAt: hoursFromNow(options.hours ?? INVITATION_HOURS),
    });
    return { invitation, token, url: `${baseUrl}/setup/${token}` };
  }

  /** A first-admin link (no inviter, no email) is void once any account exists, however many were printed. */
  function usableInvitation(token: string) {
    const invitation = repos.invitations.findUsable(digestToken(token), nowIso());
    const firstAdminLink =
      invitation?.role === 'admin' && invitation.createdBy === null && invitation.email === null;
    return firstAdminLink && repos.users.count() > 0 ? undefined : invitation;
  }

  let decoy: Promise<string> | undefined;
  const decoyHash = () => {
    decoy ??= hashPassword(randomToken(24));
    return decoy;
  };

  return {
    async login(email: string, password: string): Promise<UserRow> {
      const user = repos.users.findByEmail(email);
      // An unknown email costs the same scrypt as a known one, so timing does not tell them apart.
      const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
      if (!user || !valid || !user.active) throw new UnauthorizedError('Wrong email or password');
      return repos.users.update(user.id, { lastLoginAt: nowIso() })!;
    },

    /** A one-time link that creates the first admin; undefined once any user exists. */
    firstAdminSetupLink(): string | undefined {
      if (repos.users.count() > 0) return undefined;
      return createInvitation({ role: 'admin', hours: SETUP_LINK_HOURS }).url;
    },

    createInvitation,

    /** Gives an unused invitation a new link valid for the usual time; the old link stops working. */
    renewInvitation(id: number) {
      const token = randomToken();
      const invitation = repos.invitations.replaceToken(
        id,
        digestToken(token),
        hoursFromNow(INVITATION_HOURS),
      );
      return invitation && { invitation, token, url: `${baseUrl}/setup/${token}` };
    },

    findInvitation: usableInvitation,

    async acceptInvitation(token: string, account: NewAccount): Promise<UserRow> {
      checkPassword(account.password);
      const passwordHash = await hashPassword(account.password);
      const invitation = usableInvitation(token);
      if (!invitation) throw new UnauthorizedError('This link has expired or was already used');
      const email = invitation.email ?? account.email;
      try {
        return repos.transaction(() => {
          const user = repos.users.insert({
            email: email.trim(),
            name: account.name.trim(),
            role: invitation.role,
            organizationId: invitation.organizationId,
            passwordHash,
          });
          if (!repos.invitations.markUsed(invitation.id, user.id, nowIso())) {
            throw new ConflictError('This link was already used');
          }
          repos.events.append({
            type: 'user.created',
            actorUserId: user.id,
            actorLabel: user.name,
            data: { userId: user.id, role: user.role, via: 'invitation' },
          });
          return user;
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError('an account with this email already exists', 'email');
        throw error;
      }
    },

    async createUser(
      input: { email: string; name: string; role: Role; password?: string; organizationId?: number | null },
      actor: Actor,
    ): Promise<{ user?: UserRow; setupUrl?: string }> {
      if (repos.users.findByEmail(input.email)) {
        throw new ConflictError('an account with this email already exists', 'email');
      }
      if (input.password === undefined) {
        const { url } = createInvitation({ ...input, createdBy: actor.userId });
        return { setupUrl: url };
      }
      checkPassword(input.password);
      const passwordHash = await hashPassword(input.password);
      const user = repos.transaction(() => {
        const created = repos.users.insert({
          email: input.email.trim(),
          name: input.name.trim(),
          role: input.role,
          organizationId: input.organizationId ?? null,
          passwordHash,
        });
        repos.events.append({
          type: 'user.created',
          actorUserId: actor.userId,
          actorLabel: actor.label,
          data: { userId: created.id, role: created.role },
        });
        return created;
      });
      return { user };
    },

    /** A new token for the user; the plain text is returned once and only its digest is stored. */
    createApiToken(userId: number, name: string, expiresAt: string | null = null): string {
      const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
      repos.apiTokens.insert({ userId, name, tokenHash: digestToken(token), expiresAt });
      return token;
    },

    /**
     * The user behind a live token: not revoked, not expired, user active. One read per request;
     * last-used is written at most once per LAST_USED_PRECISION_MS, not on every call.
     */
    authenticateApiToken(token: string): UserRow | undefined {
      if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
      const row = repos.apiTokens.findActiveByHash(digestToken(token));
      if (!row) return undefined;
      const now = clock.now();
      if (row.expiresAt && Date.parse(row.expiresAt) <= now.getTime()) return undefined;
      const user = repos.users.findById(row.userId);
      if (!user?.active) return undefined;
      if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) >= LAST_USED_PRECISION_MS)
        repos.apiTokens.touch(row.id, now.toISOString());
      return user;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
