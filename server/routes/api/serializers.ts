import type { CompanyWithContacts, OrganizationRow, UserRow } from '../../../db/repositories/index.js';
import type { ContactDeliveryFailure } from '../../services/companies-service.js';
import type { Deadline } from '../../services/deadlines-service.js';

export function serializeUser(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organizationId: user.organizationId,
    active: user.active,
    preferences: user.preferences,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
  };
}

export function serializeOrganization(organization: OrganizationRow) {
  return organization;
}

export function serializeCompany(
  company: CompanyWithContacts,
  deadlines: Deadline[],
  deliveryFailures: Map<string, ContactDeliveryFailure> = new Map(),
) {
  return {
    ...company,
    contacts: company.contacts.map(({ id, name, function: fn, email }) => ({
      id,
      name,
      function: fn,
      email,
      deliveryFailure: deliveryFailures.get(email.toLowerCase()) ?? null,
    })),
    deadlines,
  };
}
