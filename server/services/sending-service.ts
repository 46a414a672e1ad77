import type { CompanyWithContacts, DispatchRow, Repositories } from '../../db/repositories/index.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { computeDueDate, computeEscalateDate } from '../lib/due-dates.js';
import { randomToken } from '../lib/tokens.js';
import type { SendInput } from '../schemas/letters.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import { recordEvent } from './events.js';
import type { LetterRenderer, RenderedLetter } from './letter-renderer.js';
import { assertTransition } from './letter-status.js';
import type { LettersService } from './letters-service.js';
import { isEmailAddress, type Mailer } from './mailer.js';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function replyAddress(replyToken: string, mailDomain: string): string {
  return `reply+${replyToken}@${mailDomain}`;
}

export function createSendingService(deps: {
  repos: Repositories;
  clock: Clock;
  letters: LettersService;
  campaigns: CampaignsService;
  renderer: LetterRenderer;
  mailer: Mailer;
  timezone: string;
  mailDomain: string;
}) {
  const { repos, clock, letters, campaigns, renderer, mailer, timezone, mailDomain } = deps;

  return {
    /** Sends an approved letter: one dispatch per target company, each with its own clock. */
    send(
      letterId: number,
      input: SendInput,
      actor: Actor,
    ): { dispatches: DispatchRow[]; skippedContacts: string[] } {
      const letter = letters.get(letterId);
      if (letter.status === 'sent')
        throw new ConflictError('this letter was already sent', 'status', 'ALREADY_SENT');
      assertTransition(letter.status, 'sent');
      const campaign = campaigns.get(letter.campaignId);
      const channel = input.channel ?? 'email';
      const sentAt = input.sentAt ? new Date(input.sentAt) : clock.now();
      if (sentAt.getTime() > clock.now().getTime() + FUTURE_TOLERANCE_MS) {
        throw new ValidationError('sentAt', 'cannot be in the future');
      }

      const targets = repos.companies
        .findByIds(repos.letters.companyIds(letterId))
        .sort((a, b) => a.name.localeCompare(b.name));
      if (targets.length === 0) throw new ValidationError('companyIds', 'the letter has no target companies');
      if (channel === 'email') {
        const unreachable = targets.filter(
          (c) => !c.contacts.some((contact) => isEmailAddress(contact.email)),
        );
        if (unreachable.length) {
          throw new ValidationError(
            'companyIds',
            `no email contact for ${unreachable.map((c) => c.name).join(', ')}; add one or send by post or web form`,
          );
        }
      }
      // The letter goes out as approved: the copy frozen for each company at approval, in the email
      // template versions of that moment. A letter approved before copies were frozen renders now;
      // either way everything is rendered before anything is stored, so a template error sends nothing.
      const approvals = new Map(repos.letterApprovals.forLetter(letterId).map((a) => [a.companyId, a]));
      const rendered = new Map<number, RenderedLetter>(
        targets.map((company) => {
          const frozen = approvals.get(company.id);
          return [
            company.id,
            frozen
              ? { subject: frozen.subject, text: frozen.text, html: frozen.html }
              : renderer.render(letter, letters.context(letter, company)),
          ];
        }),
      );
      const rule = {
        responseDays: letter.responseDays ?? campaign.responseDays,
        dayCount: campaign.dayCount,
        holidayCountry: campaign.holidayCountry,
        timezone,
      };
      const due = computeDueDate(sentAt, rule);
      const escalateAt = computeEscalateDate(due.dueDate, campaign.escalationDays);
      const skippedContacts: string[] = [];

      const dispatches = repos.transaction(() => {
        if (
          !repos.letters.transition(letterId, ['approved'], { status: 'sent', sentAt: sentAt.toISOString() })
        ) {
          throw new ConflictError('this letter was already sent', 'status', 'ALREADY_SENT');
        }
        const created = targets.map((company) => createDispatch(company));
        recordEvent(
          repos,
          actor,
          'letter.sent',
          { campaignId: campaign.id, letterId },
          { channel, companies: created.length, skippedContacts },
        );
        return created;
      });
      return { dispatches, skippedContacts };

      function createDispatch(company: CompanyWithContacts): DispatchRow {
        const replyToken = randomToken(12);
        const dispatch = repos.dispatches.insert({
          letterId,
          campaignId: campaign.id,
          companyId: company.id,
          channel,
          sentAt: sentAt.toISOString(),
          dueAt: due.dueDate,
          dueExplanation: due.explanation,
          dueRule: due.inputs,
          escalateAt,
          replyToken,
        });
        recordEvent(
          repos,
          actor,
          'dispatch.sent',
          { campaignId: campaign.id, letterId, dispatchId: dispatch.id, companyId: company.id },
          { channel, dueAt: due.dueDate, dueExplanation: due.explanation },
        );
        if (channel !== 'email') return dispatch;
        const letterText = rendered.get(company.id)!;
        for (const contact of company.contacts) {
          if (!isEmailAddress(contact.email)) {
            skippedContacts.push(`${company.name}: ${contact.email}`);
            continue;
          }
          mailer.queue({
            kind: 'letter',
            to: contact.name ? `"${contact.name.replaceAll('"', "'")}" <${contact.email}>` : contact.email,
            template: 'letter',
            data: { ...letterText, ref: replyToken.slice(0, 8) },
            templateVersions: approvals.get(company.id)?.templateVersions,
            replyTo: replyAddress(replyToken, mailDomain),
            headers: { 'X-Docket-Dispatch': String(dispatch.id) },
            dispatchId: dispatch.id,
          });
        }
        return dispatch;
      }
    },
  };
}

export type SendingService = ReturnType<typeof createSendingService>;
