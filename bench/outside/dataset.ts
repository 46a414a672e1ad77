/**
 * SPEC §7's data set at any size: 5,000 companies, `dispatches / 5,000` letters of 5 questions
 * (alternating between two campaigns, so campaign 1 holds half the dispatches), five answers per
 * dispatch. Dates are laid out backwards from `today`, so the newest letters are not yet due and
 * the older ones are overdue or very overdue, whatever day the bench runs.
 */
import { openDatabase } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import { addDays } from '../../server/lib/calendar-dates.js';
import { computeDueDateFrom } from '../../server/lib/due-dates.js';

export const COMPANIES = 5_000;
const QUESTIONS = 5;
const ANSWER_STATUSES = ['answered', 'partial', 'not_answered', 'declined', 'commitment'];
const DISPATCH_STATUSES = ['sent', 'sent', 'acknowledged', 'responded', 'declined'];

export interface DatasetSize {
  companies: number;
  letters: number;
  dispatches: number;
  campaignDispatches: number;
  answers: number;
}

export function generateDataset(path: string, dispatchCount: number, today: string): DatasetSize {
  const letters = Math.max(2, Math.round(dispatchCount / COMPANIES));
  const db = openDatabase(path);
  migrateDatabase(db);
  const sqlite = db.$client;
  const company = sqlite.prepare('INSERT INTO companies (id, name, country, sector) VALUES (?, ?, ?, ?)');
  const contact = sqlite.prepare(
    "INSERT INTO company_contacts (company_id, function, email) VALUES (?, 'ir', ?)",
  );
  const letter = sqlite.prepare(
    "INSERT INTO letters (id, campaign_id, status, title, body, sent_at) VALUES (?, ?, 'sent', ?, 'Dear {{company.name}},', ?)",
  );
  const question = sqlite.prepare('INSERT INTO questions (id, letter_id, number, text) VALUES (?, ?, ?, ?)');
  const dispatch = sqlite.prepare(
    `INSERT INTO dispatches (id, letter_id, campaign_id, company_id, channel, status, sent_at, due_at, due_explanation, due_rule, escalate_at, reply_token, first_response_at)
     VALUES (?, ?, ?, ?, 'email', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const answer = sqlite.prepare(
    'INSERT INTO answers (dispatch_id, question_id, status, quality) VALUES (?, ?, ?, ?)',
  );
  sqlite.exec(`INSERT INTO campaigns (id, name) VALUES (1, 'First campaign'), (2, 'Second campaign')`);
  sqlite.transaction(() => {
    for (let c = 1; c <= COMPANIES; c++) {
      company.run(
        c,
        `Company ${c}`,
        ['US', 'GB', 'DE', 'FR'][c % 4],
        ['Technology', 'Energy', 'Banking'][c % 3],
      );
      contact.run(c, `ir@company${c}.example`);
    }
    sqlite.exec('INSERT INTO campaign_companies (campaign_id, company_id) SELECT 1, id FROM companies');
    sqlite.exec('INSERT INTO campaign_companies (campaign_id, company_id) SELECT 2, id FROM companies');
    let dispatchId = 0;
    for (let l = 1; l <= letters; l++) {
      // Two letters every week, the last one sent yesterday.
      const sentDate = addDays(today, -Math.ceil((letters - l + 1) / 2) * 7 + 6);
      letter.run(l, (l % 2) + 1, `Letter ${l}`, `${sentDate}T09:00:00.000Z`);
      for (let q = 1; q <= QUESTIONS; q++)
        question.run((l - 1) * QUESTIONS + q, l, q, `Question ${q} of letter ${l}?`);
      // Stored exactly as the app computes them, so the jobs' recompute finds nothing to change.
      const due = computeDueDateFrom(sentDate, {
        responseDays: 14,
        dayCount: 'calendar',
        holidayCountry: null,
        timezone: 'UTC',
      });
      const dueAt = due.dueDate;
      const rule = JSON.stringify(due.inputs);
      for (let c = 1; c <= COMPANIES; c++) {
        dispatchId++;
        const status = DISPATCH_STATUSES[dispatchId % 5]!;
        const responded = status === 'responded' || status === 'declined' || status === 'acknowledged';
        dispatch.run(
          dispatchId,
          l,
          (l % 2) + 1,
          c,
          status,
          `${sentDate}T09:00:00.000Z`,
          dueAt,
          due.explanation,
          rule,
          addDays(dueAt, 14),
          `t${dispatchId}`,
          responded ? `${addDays(sentDate, 3)}T10:00:00.000Z` : null,
        );
        for (let q = 1; q <= QUESTIONS; q++)
          answer.run(
            dispatchId,
            (l - 1) * QUESTIONS + q,
            ANSWER_STATUSES[(dispatchId + q) % 5],
            (dispatchId + q) % 4,
          );
      }
    }
  })();
  sqlite.exec('ANALYZE');
  sqlite.close();
  const dispatches = letters * COMPANIES;
  return {
    companies: COMPANIES,
    letters,
    dispatches,
    campaignDispatches: Math.ceil(letters / 2) * COMPANIES,
    answers: dispatches * QUESTIONS,
  };
}
