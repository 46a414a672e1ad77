import type { InvitationRow, Repositories, UserRow } from '../../db/repositories/index.js';
import { ROLES, type Role } from '../domain/vocabulary.js';
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

  function pendingInvitation(id: number) {
    const invitation = repos.invitations.findById(id);
    if (!invitation || invitation.email === null) throw new NotFoundError('Invitation', id);
    if (invitation.usedAt) throw new ConflictError('this invitation was already used', 'invitation');
    return invitation;
  }

  function queueInvitationEmail(invitation: InvitationRow, url: string, actor: Actor) {
    mailer.queue({
      kind: 'invitation',
      to: mailbox(invitation.name, invitation.email!),
      template: 'invitation',
      data: {
        name: invitation.name ?? '',
        inviterName: actor.label,
        instanceName,
        roleLabel: ROLE_LABELS[invitation.role],
        url,
        expiresAt: invitation.expiresAt,
      },
      secrets: [url],
    });
  }

  function logChange(actor: Actor, type: string, data: Record<string, unknown>) {
    repos.events.append({ type, actorUserId: actor.userId, actorLabel: actor.label, data });
  }

  return {
    list: () => repos.users.list(),
    /** The people of one member organization. */
    ofOrganization: (organizationId: number) =>
      repos.users.list().filter((u) => u.organizationId === organizationId),
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
        queueInvitationEmail(invitation, url, actor);
        logChange(actor, 'user.invited', { email: input.email, role: input.role });
        return { url, expiresAt: invitation.expiresAt };
      });
    },

    /** Invitations nobody has used yet (expired ones too), with who sent them and for which organization. */
    pendingInvitations() {
      const now = clock.now().toISOString();
      const organizations = new Map(repos.organizations.listAll().map((o) => [o.id, o.name]));
      const users = new Map(repos.users.list().map((u) => [u.id, u.name]));
      return repos.invitations.listUnused().map((invitation) => ({
        id: invitation.id,
        email: invitation.email!,
        name: invitation.name,
        role: invitation.role,
        organizationName: invitation.organizationId
          ? (organizations.get(invitation.organizationId) ?? null)
          : null,
        invitedBy: invitation.createdBy ? (users.get(invitation.createdBy) ?? null) : null,
        createdAt: invitation.createdAt,
        expiresAt: invitation.expiresAt,
        expired: invitation.expiresAt <= now,
      }));
    },

    /** A new link for a pending invitation, emailed through the outbox; the old link stops working. */
    resendInvitation(id: number, actor: Actor): { email: string; url: string; expiresAt: string } {
      const pending = pendingInvitation(id);
      return repos.transaction(() => {
        const renewed = auth.renewInvitation(pending.id);
        if (!renewed) throw new ConflictError('this invitation was used in the meantime', 'invitation');
        queueInvitationEmail(renewed.invitation, renewed.url, actor);
        logChange(actor, 'user.invitation_resent', { email: pending.email, role: pending.role });
        return { email: pending.email!, url: renewed.url, expiresAt: renewed.invitation.expiresAt };
      });
    },

    /** Withdraws a pending invitation: its link stops working at once. */
    revokeInvitation(id: number, actor: Actor): { email: string } {
      const pending = pendingInvitation(id);
      return repos.transaction(() => {
        if (!repos.invitations.deleteUnused(pending.id))
          throw new ConflictError('this invitation was used in the meantime', 'invitation');
        logChange(actor, 'user.invitation_revoked', { email: pending.email, role: pending.role });
        return { email: pending.email! };
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
