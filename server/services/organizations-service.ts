import type { OrganizationRow, Repositories } from '../../db/repositories/index.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { OrganizationInput, OrganizationPatch } from '../schemas/organizations.js';
import type { Actor } from './actor.js';
import { describeReferences, inUseError } from './references.js';
import { isForeignKeyViolation } from './sqlite-errors.js';

export function createOrganizationsService({ repos, clock }: { repos: Repositories; clock: Clock }) {
  function get(id: number): OrganizationRow {
    const organization = repos.organizations.findById(id);
    if (!organization) throw new NotFoundError('Organization', id);
    return organization;
  }

  function normalize<T extends OrganizationPatch>(input: T): T {
    return {
      ...input,
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.country !== undefined && { country: input.country.toUpperCase() }),
    };
  }

  function guardName(name: string | undefined, exceptId?: number) {
    if (name === undefined) return;
    const existing = repos.organizations.findByName(name);
    if (existing && existing.id !== exceptId) {
      throw new ConflictError(`an organization named "${existing.name}" already exists`, 'name');
    }
  }

  return {
    list: repos.organizations.list,
    listAll: repos.organizations.listAll,
    get,
    create(input: OrganizationInput, actor: Actor): OrganizationRow {
      const values = normalize(input);
      guardName(values.name);
      return repos.transaction(() => {
        const organization = repos.organizations.insert({ ...values, aumUsd: values.aumUsd ?? null });
        repos.events.append({
          type: 'organization.created',
          actorUserId: actor.userId,
          actorLabel: actor.label,
          organizationId: organization.id,
          data: { name: organization.name },
        });
        return organization;
      });
    },
    update(id: number, patch: OrganizationPatch, actor: Actor): OrganizationRow {
      get(id);
      const values = normalize(patch);
      guardName(values.name, id);
      return repos.transaction(() => {
        const organization = repos.organizations.update(id, values)!;
        repos.events.append({
          type: 'organization.updated',
          actorUserId: actor.userId,
          actorLabel: actor.label,
          organizationId: id,
          data: { fields: Object.keys(patch) },
        });
        return organization;
      });
    },
    /** Deletes an organization nothing refers to; one with history is refused, naming it: archive that instead. */
    remove(id: number, actor: Actor): void {
      const organization = get(id);
      const inUse = describeReferences(repos.organizations.references(id));
      if (inUse) throw inUseError(organization.name, inUse);
      try {
        repos.transaction(() => {
          repos.organizations.delete(id);
          repos.events.append({
            type: 'organization.deleted',
            actorUserId: actor.userId,
            actorLabel: actor.label,
            data: { organizationId: id, name: organization.name },
          });
        });
      } catch (error) {
        if (isForeignKeyViolation(error)) throw inUseError(organization.name, 'other records');
        throw error;
      }
    },

    /** Archived organizations leave lists and pickers; their campaigns and signatures stay. */
    setArchived(id: number, archived: boolean, actor: Actor): OrganizationRow {
      const organization = get(id);
      if (Boolean(organization.archivedAt) === archived) return organization;
      return repos.transaction(() => {
        repos.organizations.setArchived(id, archived ? clock.now().toISOString() : null);
        repos.events.append({
          type: archived ? 'organization.archived' : 'organization.unarchived',
          actorUserId: actor.userId,
          actorLabel: actor.label,
          organizationId: id,
          data: { name: organization.name },
        });
        return get(id);
      });
    },
  };
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
