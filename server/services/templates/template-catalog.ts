import type { TemplateRow } from '../../../db/repositories/index.js';

/**
 * What each template is for, in words: the Templates page groups them by purpose under plain names
 * and says when each is used, instead of showing file names like `reminder-overdue.subject`.
 */

type CatalogTemplate = Pick<TemplateRow, 'id' | 'name' | 'kind' | 'version' | 'builtinKey' | 'updatedAt'>;

interface Purpose {
  key: string;
  heading: string;
  intro: string;
}

interface Description {
  purpose: string;
  title: string;
  whenUsed: string;
}

export const TEMPLATE_PURPOSES: readonly Purpose[] = [
  {
    key: 'letters',
    heading: 'Letters to companies',
    intro:
      'The text of a letter. A letter keeps its own copy once drafted, so editing a template changes only letters drafted afterwards.',
  },
  {
    key: 'sending',
    heading: 'Emails that carry letters to companies',
    intro: "What a company's contact receives when a letter is sent by email.",
  },
  {
    key: 'team-reminders',
    heading: 'Reminders to your team and members',
    intro:
      "Sent by Docket on its own, following each campaign's reminder rules; everyone can unsubscribe in one click.",
  },
  {
    key: 'accounts',
    heading: 'Digests and accounts',
    intro: 'Emails to the people who use Docket.',
  },
];

const LETTER_KINDS: Record<string, Description> = {
  initial: {
    purpose: 'letters',
    title: 'First letter',
    whenUsed: "A model for a campaign's first letter to companies, with numbered questions.",
  },
  follow_up: {
    purpose: 'letters',
    title: 'Follow-up letter',
    whenUsed:
      '“Draft a follow-up” on a sent letter starts from it: each company’s copy lists its open questions under their original numbers.',
  },
  reminder: {
    purpose: 'letters',
    title: 'Reminder to a company',
    whenUsed: 'Pick it under “Draft a follow-up” for a short reminder that an answer is due or late.',
  },
  escalation: {
    purpose: 'letters',
    title: 'Escalation letter',
    whenUsed:
      'Pick it under “Draft a follow-up” for a company that is very overdue, to raise the matter further.',
  },
};

const EMAILS: Record<string, Description> = {
  letter: {
    purpose: 'sending',
    title: 'Letter sent by email',
    whenUsed:
      'Each time a letter goes to a company by email; it carries the letter and the reference that files the reply.',
  },
  'reminder-response-due': {
    purpose: 'team-reminders',
    title: 'Responses due soon',
    whenUsed: "Before a company's response due date, to the people following the campaign.",
  },
  'reminder-overdue': {
    purpose: 'team-reminders',
    title: 'Responses overdue',
    whenUsed: 'After a response due date has passed without a full answer.',
  },
  'reminder-very-overdue': {
    purpose: 'team-reminders',
    title: 'Ready to publish or escalate',
    whenUsed: 'When a company is very overdue: time to publish the non-response or to escalate.',
  },
  'reminder-sign-on-closing': {
    purpose: 'team-reminders',
    title: 'Sign-on closing soon',
    whenUsed: "Before a letter's sign-on closes, to member organizations that have not signed yet.",
  },
  'reminder-filing-window': {
    purpose: 'team-reminders',
    title: 'Filing deadline coming up',
    whenUsed:
      "Before the last day to file a shareholder proposal or agenda item at a target company's meeting (US, UK, Germany).",
  },
  'sign-on-invitation': {
    purpose: 'team-reminders',
    title: 'Invitation to sign a letter',
    whenUsed:
      "When a coordinator opens sign-on: each member organization's people get their organization's own link to sign.",
  },
  'review-needed': {
    purpose: 'team-reminders',
    title: 'A reply waits for review',
    whenUsed:
      'When an emailed reply or a delivery failure arrives: coordinators confirm it before anything public changes.',
  },
  'abuse-report': {
    purpose: 'team-reminders',
    title: 'Abuse report received',
    whenUsed:
      "When a mail provider reports one of the coalition's emails as spam or abuse, to the coordinators.",
  },
  digest: {
    purpose: 'accounts',
    title: 'Daily or weekly digest',
    whenUsed:
      "Each person's summary of what is overdue, due soon and newly answered, as often as they chose in Settings.",
  },
  invitation: {
    purpose: 'accounts',
    title: 'Invitation to Docket',
    whenUsed: 'When an admin invites someone on the Users page; it carries the link to set a password.',
  },
};

const EMAIL_PARTS: Record<string, { label: string; order: number }> = {
  subject: { label: 'Subject line', order: 0 },
  text: { label: 'Plain text', order: 1 },
  html: { label: 'HTML', order: 2 },
};

/** "reminder-new-thing" → "Reminder new thing", for a built-in this catalog does not know yet. */
function plainName(name: string): string {
  const words = name.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface CatalogEntry {
  title: string;
  whenUsed: string;
  origin: string;
  updatedAt: string;
  /** One link per stored template: a letter has one, an email its subject, plain text and HTML. */
  parts: { id: number; label: string; version: number }[];
}

export interface CatalogGroup extends Purpose {
  entries: CatalogEntry[];
}

function originOf(templates: CatalogTemplate[]): string {
  if (templates.every((t) => !t.builtinKey)) return 'your own';
  return templates.some((t) => t.version > 1) ? 'built-in, edited' : 'built-in';
}

function entryOf(
  title: string,
  whenUsed: string,
  templates: CatalogTemplate[],
  partLabel: (t: CatalogTemplate) => string,
) {
  return {
    title,
    whenUsed,
    origin: originOf(templates),
    updatedAt: templates.map((t) => t.updatedAt).reduce((a, b) => (a > b ? a : b)),
    parts: templates.map((t) => ({ id: t.id, label: partLabel(t), version: t.version })),
  };
}

const LETTER_ORDER = Object.keys(LETTER_KINDS);
const EMAIL_ORDER = Object.keys(EMAILS);

/** Built-in letters in kind order, then your own; emails in the order of EMAILS. */
function rank(template: CatalogTemplate): number {
  if (template.kind === 'email') {
    const known = EMAIL_ORDER.indexOf(template.name.replace(/\.(subject|text|html)$/, ''));
    return 100 + (known === -1 ? EMAIL_ORDER.length : known);
  }
  return (template.builtinKey ? 0 : 10) + LETTER_ORDER.indexOf(template.kind);
}

/** The templates grouped by purpose, each email's three parts in one entry. */
export function templateCatalog(templates: CatalogTemplate[]): CatalogGroup[] {
  const entries = new Map<string, CatalogEntry[]>(TEMPLATE_PURPOSES.map((p) => [p.key, []]));
  const emails = new Map<string, CatalogTemplate[]>();
  for (const template of [...templates].sort((a, b) => rank(a) - rank(b))) {
    if (template.kind === 'email') {
      const base = template.name.replace(/\.(subject|text|html)$/, '');
      emails.set(base, [...(emails.get(base) ?? []), template]);
      continue;
    }
    const known = LETTER_KINDS[template.kind]!;
    const title = template.builtinKey ? known.title : template.name;
    const whenUsed = template.builtinKey
      ? known.whenUsed
      : `Your own ${known.title.toLowerCase()}; pick it under “Draft a follow-up” on a sent letter.`;
    entries.get(known.purpose)!.push(entryOf(title, whenUsed, [template], () => 'Text'));
  }
  for (const [base, parts] of emails) {
    const known = EMAILS[base] ?? { purpose: 'accounts', title: plainName(base), whenUsed: '' };
    const partName = (t: CatalogTemplate) => t.name.slice(base.length + 1);
    parts.sort((a, b) => (EMAIL_PARTS[partName(a)]?.order ?? 9) - (EMAIL_PARTS[partName(b)]?.order ?? 9));
    entries
      .get(known.purpose)!
      .push(
        entryOf(known.title, known.whenUsed, parts, (t) => EMAIL_PARTS[partName(t)]?.label ?? partName(t)),
      );
  }
  return TEMPLATE_PURPOSES.map((purpose) => ({ ...purpose, entries: entries.get(purpose.key)! })).filter(
    (group) => group.entries.length > 0,
  );
}
