import type {
  CompanyFilter,
  CompanyWithContacts,
  NewContact,
  Repositories,
} from '../../db/repositories/index.js';
import type { Viewer } from '../domain/campaign-visibility.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import type { CompanyInput, CompanyPatch } from '../schemas/companies.js';
import type { Actor } from './actor.js';
import { describeReferences, inUseError } from './references.js';
import { isForeignKeyViolation, isUniqueViolation } from './sqlite-errors.js';

type ContactInput = NonNullable<CompanyInput['contacts']>[number];

const blankToNull = (value: string | null | undefined) => {
  if (value === undefined) return undefined;
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};
const upper = (value: string | null | undefined) => (value ? value.toUpperCase() : value);

export function normalizeCompany(input: CompanyPatch) {
  const { contacts, ...fields } = input;
  const values = {
    ...(fields.name !== undefined && { name: fields.name.trim() }),
    ...(fields.country !== undefined && { country: fields.country.toUpperCase() }),
    ...(fields.sector !== undefined && { sector: blankToNull(fields.sector) }),
    ...(fields.ticker !== undefined && { ticker: upper(blankToNull(fields.ticker)) }),
    ...(fields.isin !== undefined && { isin: upper(blankToNull(fields.isin)) }),
    ...(fields.website !== undefined && { website: blankToNull(fields.website) }),
    ...(fields.jurisdiction !== undefined && { jurisdiction: upper(blankToNull(fields.jurisdiction)) }),
    ...(fields.lastAgmDate !== undefined && { lastAgmDate: blankToNull(fields.lastAgmDate) }),
    ...(fields.nextAgmDate !== undefined && { nextAgmDate: blankToNull(fields.nextAgmDate) }),
    ...(fields.lastProxyDate !== undefined && { lastProxyDate: blankToNull(fields.lastProxyDate) }),
    ...(fields.listed !== undefined && { listed: fields.listed }),
  };
  return { values, contacts: contacts?.map(normalizeContact) };
}

function normalizeContact(contact: ContactInput): NewContact {
  return { name: blankToNull(contact.name) ?? null, function: contact.function, email: contact.email.trim() };
}

export interface ContactDeliveryFailure {
  statusCode: string | null;
  diagnostic: string | null;
  reportedAt: string;
  dispatchId: number | null;
}

export function createCompaniesService({ repos, clock }: { repos: Repositories; clock: Clock }) {
  function get(id: number): CompanyWithContacts {
    const company = repos.companies.findById(id);
    if (!company) throw new NotFoundError('Company', id);
    return company;
  }

  function guardName(name: string | undefined, exceptId?: number) {
    if (name === undefined) return;
    const existing = repos.companies.findByName(name);
    if (existing && existing.id !== exceptId) {
      throw new ConflictError(`a company named "${existing.name}" already exists`, 'name', 'DUPLICATE');
    }
  }

  /** Two requests racing with the same name: the unique index decides, and the loser gets a 409. */
  function duplicateNameAsConflict<T>(name: string | undefined, work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(`a company named "${name}" already exists`, 'name', 'DUPLICATE');
      throw error;
    }
  }

  return {
    /** The latest permanent delivery failure of each address letters to this company went to, by lower-case email. */
    deliveryFailures(companyId: number): Map<string, ContactDeliveryFailure> {
      const latest = new Map<string, ContactDeliveryFailure>();
      for (const failure of repos.deliveryFailures.listForCompany(companyId)) {
        const email = failure.recipient?.toLowerCase();
        if (!email || !failure.permanent || latest.has(email)) continue;
        latest.set(email, {
          statusCode: failure.statusCode,
          diagnostic: failure.diagnostic,
          reportedAt: failure.createdAt,
          dispatchId: failure.dispatchId,
        });
      }
      return latest;
    },
    list: (filter: CompanyFilter) => repos.companies.list(filter),
    /** Companies for a picker (the letter form, the template preview), by name. */
    forPicker: (limit = 10_000) => repos.companies.list({ limit, offset: 0 }).items,
    sectors: () => repos.companies.distinctSectors(),
    get,
    /** Company names by id, for labelling lists of other things. */
    namesByIds(ids: number[]): Map<number, string> {
      return new Map(repos.companies.findByIds(ids).map((c) => [c.id, c.name]));
    },
    /** The company's letters and history in the campaigns `viewer` may see (members: their own). */
    history(companyId: number, viewer: Viewer, eventLimit = 30) {
      return {
        dispatches: repos.dispatches.listForCompany(companyId, viewer),
        events: repos.events.listForCompany(companyId, eventLimit, viewer),
      };
    },
    create(input: CompanyInput, actor: Actor): CompanyWithContacts {
      const { values, contacts } = normalizeCompany(input);
      guardName(values.name);
      return duplicateNameAsConflict(values.name, () =>
        repos.transaction(() => {
          const company = repos.companies.insert(
            {
              ...values,
              name: values.name!,
              country: values.country!,
              jurisdiction: values.jurisdiction ?? values.country,
            },
            contacts ?? [],
          );
          repos.events.append({
            type: 'company.created',
            actorUserId: actor.userId,
            actorLabel: actor.label,
            companyId: company.id,
            data: { name: company.name, contacts: company.contacts.length },
          });
          return company;
        }),
      );
    },
    update(id: number, patch: CompanyPatch, actor: Actor): CompanyWithContacts {
      get(id);
      const { values, contacts } = normalizeCompany(patch);
      guardName(values.name, id);
      return duplicateNameAsConflict(values.name, () =>
        repos.transaction(() => {
          const company = repos.companies.update(id, values, contacts)!;
          repos.events.append({
            type: 'company.updated',
            actorUserId: actor.userId,
            actorLabel: actor.label,
            companyId: id,
            data: { fields: Object.keys(patch) },
          });
          return company;
        }),
      );
    },
    /** Deletes a company nothing refers to; one with history is refused, naming it: archive that instead. */
    remove(id: number, actor: Actor): void {
      const company = get(id);
      const inUse = describeReferences(repos.companies.references(id));
      if (inUse) throw inUseError(company.name, inUse);
      try {
        repos.transaction(() => {
          repos.companies.delete(id);
          repos.events.append({
            type: 'company.deleted',
            actorUserId: actor.userId,
            actorLabel: actor.label,
            data: { companyId: id, name: company.name },
          });
        });
      } catch (error) {
        if (isForeignKeyViolation(error)) throw inUseError(company.name, 'other records');
        throw error;
      }
    },

    /** Archived companies leave lists and pickers; their campaigns, letters and dispatches stay. */
    setArchived(id: number, archived: boolean, actor: Actor): CompanyWithContacts {
      const company = get(id);
      if (Boolean(company.archivedAt) === archived) return company;
      return repos.transaction(() => {
        repos.companies.setArchived(id, archived ? clock.now().toISOString() : null);
        repos.events.append({
          type: archived ? 'company.archived' : 'company.unarchived',
          actorUserId: actor.userId,
          actorLabel: actor.label,
          companyId: id,
          data: { name: company.name },
        });
        return get(id);
      });
    },
  };
}

export type CompaniesService = ReturnType<typeof createCompaniesService>;
