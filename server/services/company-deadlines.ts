import type { CompanyRow } from '../../db/repositories/index.js';

export interface Deadline {
  kind: string;
  date: string;
  title: string;
  explanation: string;
  companyId?: number;
  campaignId?: number;
  dispatchId?: number;
}

/** Deadlines that follow from a company's own record (its AGM), from today on. */
export function companyDeadlines(company: CompanyRow, today: string): Deadline[] {
  const deadlines: Deadline[] = [];
  if (company.nextAgmDate && company.nextAgmDate >= today) {
    deadlines.push({
      kind: 'agm',
      date: company.nextAgmDate,
      title: `${company.name} annual general meeting`,
      explanation: `Next AGM as recorded for ${company.name}`,
      companyId: company.id,
    });
  }
  return deadlines;
}
