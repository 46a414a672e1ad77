import type { OrganizationRow, Repositories } from '../../db/repositories/index.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { OrganizationInput, OrganizationPatch } from '../schemas/organizations.js';
import type { Actor } from './actor.js';
import { isForeignKeyViolation, isUniqueViolation } from './sqlite-errors.js';

export function createOrganizationsService({ repos }: { repos: Repositories }) {
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
    remove(id: number, actor: Actor): void {
      const organization = get(id);
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
        if (isForeignKeyViolation(error)) {
          throw new ConflictError(
            `${organization.name} has signed letters; it cannot be deleted`,
            undefined,
            'IN_USE',
          );
        }
        if (isUniqueViolation(error)) throw new ConflictError('name already exists', 'name');
        throw error;
      }
    },
  };
}

export type OrganizationsService = ReturnType<typeof createOrganizationsService>;
