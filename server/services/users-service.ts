import type { Repositories, UserRow } from '../../db/repositories/index.js';
import { ROLES, type Role } from '../../db/schema.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { labelOf } from '../lib/labels.js';
import type { Actor } from './actor.js';
import type { AuthService } from './auth-service.js';
import { type Mailer, mailbox } from './mailer.js';

/** A role inside a sentence: "Ada is now campaign staff." */
export const ROLE_LABELS = Object.fromEntries(
  ROLES.map((role) => [role, labelOf('role', role).toLowerCase()]),
) as Record<Role, string>;

export function createUsersService({
  repos,
  auth,
  mailer,
  instanceName,
  clock,
}: {
  repos: Repositories;
  auth: AuthService;
  mailer: Mailer;
  instanceName: string;
  clock: Clock;
}) {
  function get(id: number): UserRow {
    const user = repos.users.findById(id);
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  function guardLastAdmin(user: UserRow) {
    if (user.role === 'admin' && user.active && repos.users.countActiveAdmins() <= 1) {
      throw new ConflictError('the last active admin cannot be demoted or deactivated', 'role', 'LAST_ADMIN');
    }
  }

  function logChange(actor: Actor, type: string, data: Record<string, unknown>) {
    repos.events.append({ type, actorUserId: actor.userId, actorLabel: actor.label, data });
  }

  return {
    list: () => repos.users.list(),
    get,
    /** Creates a one-time setup link for a new account and emails it; returns the link too. */
    invite(
      input: { email: string; name?: string | null; role: Role; organizationId?: number | null },
      actor: Actor,
    ): { url: string; expiresAt: string } {
      if (repos.users.findByEmail(input.email)) {
        throw new ConflictError('an account with this email already exists', 'email');
      }
      if (input.organizationId && !repos.organizations.findById(input.organizationId)) {
        throw new NotFoundError('Organization', input.organizationId);
      }
      return repos.transaction(() => {
        const { invitation, url } = auth.createInvitation({ ...input, createdBy: actor.userId });
        mailer.queue({
          kind: 'invitation',
          to: mailbox(input.name, input.email),
          template: 'invitation',
          data: {
            name: input.name ?? '',
            inviterName: actor.label,
            instanceName,
            roleLabel: ROLE_LABELS[input.role],
            url,
            expiresAt: invitation.expiresAt,
          },
          secrets: [url],
        });
        logChange(actor, 'user.invited', { email: input.email, role: input.role });
        return { url, expiresAt: invitation.expiresAt };
      });
    },
    changeRole(id: number, role: Role, actor: Actor): UserRow {
      const user = get(id);
      if (user.role === role) return user;
      if (role !== 'admin') guardLastAdmin(user);
      return repos.transaction(() => {
        logChange(actor, 'user.role_changed', { userId: id, from: user.role, to: role });
        return repos.users.update(id, { role })!;
      });
    },
    setActive(id: number, active: boolean, actor: Actor): UserRow {
      const user = get(id);
      if (!active) guardLastAdmin(user);
      return repos.transaction(() => {
        if (!active) {
          repos.sessions.destroyForUser(id);
          // Reactivating must not revive old tokens: they are revoked for good.
          repos.apiTokens.revokeAllForUser(id, clock.now().toISOString());
        }
        logChange(actor, active ? 'user.reactivated' : 'user.deactivated', { userId: id });
        return repos.users.update(id, { active })!;
      });
    },
    setOrganization(id: number, organizationId: number | null, actor: Actor): UserRow {
      get(id);
      if (organizationId && !repos.organizations.findById(organizationId)) {
        throw new NotFoundError('Organization', organizationId);
      }
      return repos.transaction(() => {
        logChange(actor, 'user.organization_changed', { userId: id, organizationId });
        return repos.users.update(id, { organizationId })!;
      });
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
