import type { Db } from '../client.js';
import { createApiTokensRepository } from './api-tokens-repository.js';
import { createCampaignsRepository } from './campaigns-repository.js';
import { createCompaniesRepository } from './companies-repository.js';
import { createDispatchesRepository } from './dispatches-repository.js';
import { createEventsRepository } from './events-repository.js';
import { createInvitationsRepository } from './invitations-repository.js';
import { createLettersRepository } from './letters-repository.js';
import { createOrganizationsRepository } from './organizations-repository.js';
import { createOutboxRepository } from './outbox-repository.js';
import { createSessionsRepository } from './sessions-repository.js';
import { createUsersRepository } from './users-repository.js';

export function createRepositories(db: Db) {
  return {
    /** Runs `work` in one SQLite transaction. `work` must be synchronous: no awaits inside. */
    transaction<T>(work: () => T): T {
      return db.transaction(() => work());
    },
    users: createUsersRepository(db),
    invitations: createInvitationsRepository(db),
    sessions: createSessionsRepository(db),
    apiTokens: createApiTokensRepository(db),
    organizations: createOrganizationsRepository(db),
    companies: createCompaniesRepository(db),
    campaigns: createCampaignsRepository(db),
    letters: createLettersRepository(db),
    dispatches: createDispatchesRepository(db),
    events: createEventsRepository(db),
    outbox: createOutboxRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
export type { ApiTokenRow } from './api-tokens-repository.js';
export type { CampaignRow } from './campaigns-repository.js';
export type {
  CompanyFilter,
  CompanyRow,
  CompanyWithContacts,
  ContactRow,
  NewContact,
} from './companies-repository.js';
export type {
  AnswerRow,
  DispatchFilter,
  DispatchRow,
  DispatchStatus,
  ResponseRow,
} from './dispatches-repository.js';
export type { EventRow } from './events-repository.js';
export type { InvitationRow } from './invitations-repository.js';
export type { LetterRow, QuestionInput, QuestionRow, SignatureRow } from './letters-repository.js';
export type { OrganizationRow } from './organizations-repository.js';
export type { OutboxRow } from './outbox-repository.js';
export type { UserRow } from './users-repository.js';
