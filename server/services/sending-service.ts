import type { CompanyWithContacts, DispatchRow, Repositories } from '../../db/repositories/index.js';
import { assertTransition, statusesThatCanBecome } from '../domain/letter-lifecycle.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { computeDueDate, computeEscalateDate } from '../lib/due-dates.js';
import { isEmailAddress } from '../lib/email-address.js';
import { randomToken } from '../lib/tokens.js';
import type { SendInput } from '../schemas/letters.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import { recordEvent } from './events.js';
import type { LetterRenderer, RenderedLetter } from './letter-renderer.js';
import type { LettersService } from './letters-service.js';
import { bounceAddress, type Mailer } from './mailer.js';

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
  /** Minutes a sent letter's emails wait in the outbox; the send can be undone until one leaves. */
  sendHoldMinutes: number;
}) {
  const { repos, clock, letters, campaigns, renderer, mailer, timezone, mailDomain, sendHoldMinutes } = deps;
  const holdMs = sendHoldMinutes * 60_000;

  /** What a send would do, checked the way the send checks it: targets, due date, emails per company. */
  function prepare(letterId: number, input: SendInput) {
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
      const unreachable = targets.filter((c) => !c.contacts.some((contact) => isEmailAddress(contact.email)));
      if (unreachable.length) {
        throw new ValidationError(
          'companyIds',
          `no email contact for ${unreachable.map((c) => c.name).join(', ')}; add one or send by post or web form`,
        );
      }
    }
    const due = computeDueDate(
      sentAt,
      {
        responseDays: letter.responseDays ?? campaign.responseDays,
        dayCount: campaign.dayCount,
        holidayCountry: campaign.holidayCountry,
        holidayRegion: campaign.holidayRegion,
        timezone,
      },
      repos.calendarDays.listForCampaign(campaign.id),
    );
    return { letter, campaign, channel, sentAt, targets, due };
  }

  /** Why this sent letter can no longer be called back, or null while it still can. */
  function undoRefusal(letterId: number): { message: string; code: string } | null {
    const letter = letters.get(letterId);
    if (letter.status !== 'sent') return { message: 'this letter has not been sent', code: 'NOT_SENT' };
    const dispatches = repos.dispatches.listForLetter(letterId);
    const ids = dispatches.map((d) => d.id);
    const answered = dispatches.find((d) => repos.dispatches.responses(d.id).length > 0);
    if (answered) {
      return {
        message: 'a response has already been recorded for this letter, so the send cannot be undone',
        code: 'RESPONSES_RECORDED',
      };
    }
    const messages = repos.outbox.listForDispatches(ids);
    const left = messages.find((m) => m.status !== 'queued');
    if (left) {
      const when = left.sentAt ? ` at ${left.sentAt.slice(0, 16).replace('T', ' ')} UTC` : '';
      const what =
        left.status === 'sent'
          ? `has left${when}`
          : left.status === 'sending'
            ? 'is being sent'
            : 'was tried';
      return {
        message: `the email to ${left.toAddress} ${what}; a letter that has left cannot be called back`,
        code: 'ALREADY_DELIVERED',
      };
    }
    if (messages.length === 0) {
      const sentAction = Math.min(...dispatches.map((d) => Date.parse(d.createdAt)));
      if (clock.now().getTime() > sentAction + holdMs) {
        return {
          message: `the ${sendHoldMinutes}-minute hold after sending is over`,
          code: 'HOLD_OVER',
        };
      }
    }
    return null;
  }

  return {
    /**
     * What sending would do, for the confirmation: how many companies and email messages, by which
     * channel, and the due date each company gets. Nothing is stored.
     */
    plan(letterId: number, input: SendInput) {
      const { channel, sentAt, targets, due } = prepare(letterId, input);
      const companies = targets.map((company) => {
        const valid = company.contacts.filter((c) => isEmailAddress(c.email));
        return {
          id: company.id,
          name: company.name,
          dueAt: due.dueDate,
          dueExplanation: due.explanation,
          messages: channel === 'email' ? valid.length : 0,
          skippedContacts: channel === 'email' ? company.contacts.length - valid.length : 0,
        };
      });
      return {
        channel,
        sentAt: sentAt.toISOString(),
        companies,
        messages: companies.reduce((sum, c) => sum + c.messages, 0),
        holdMinutes: channel === 'email' ? sendHoldMinutes : 0,
      };
    },

    undoRefusal,

    /**
     * How far the emails of a sent letter have gone out: delivered, still waiting (held or queued)
     * and failed, for the progress bar on the letter page; null when the letter carried no email.
     */
    delivery(letterId: number) {
      const ids = repos.dispatches.listForLetter(letterId).map((d) => d.id);
      const messages = repos.outbox.listForDispatches(ids);
      if (!messages.length) return null;
      const count = (status: string) => messages.filter((m) => m.status === status).length;
      const delivered = count('sent');
      const failed = count('failed');
      return {
        total: messages.length,
        delivered,
        failed,
        waiting: messages.length - delivered - failed,
        finished: delivered + failed === messages.length,
      };
    },

    /** When the held emails of a sent letter leave, or null when there are none waiting. */
    holdUntil(letterId: number): string | null {
      const ids = repos.dispatches.listForLetter(letterId).map((d) => d.id);
      const queued = repos.outbox.listForDispatches(ids).filter((m) => m.status === 'queued');
      return queued.length ? queued.map((m) => m.sendAfter).sort()[0]! : null;
    },

    /**
     * Calls a sent letter back while none of its emails has left: the letter is approved again, its
     * dispatches and queued emails are gone, and an event records it.
     */
    undo(letterId: number, actor: Actor) {
      return repos.transaction(() => {
        const refusal = undoRefusal(letterId);
        if (refusal) throw new ConflictError(refusal.message, undefined, refusal.code);
        const letter = letters.get(letterId);
        const ids = repos.dispatches.listForLetter(letterId).map((d) => d.id);
        const messages = repos.outbox.deleteQueuedForDispatches(ids);
        const dispatches = repos.dispatches.deleteForLetter(letterId);
        repos.letters.transition(letterId, ['sent'], { status: 'approved', sentAt: null });
        recordEvent(
          repos,
          actor,
          'letter.send_undone',
          { campaignId: letter.campaignId, letterId },
          { dispatches, messages },
        );
        return { letter: letters.get(letterId), dispatches, messages };
      });
    },

    /** Sends an approved letter: one dispatch per target company, each with its own clock. */
    send(
      letterId: number,
      input: SendInput,
      actor: Actor,
    ): { dispatches: DispatchRow[]; skippedContacts: string[] } {
      const { letter, campaign, channel, sentAt, targets, due } = prepare(letterId, input);
      const sendAfter = new Date(clock.now().getTime() + holdMs);
      // The letter goes out as approved: the copy frozen for each company at approval, in the email
      // template versions of that moment. A letter approved before copies were frozen renders now;
      // either way everything is rendered before anything is stored, so a template error sends nothing.
      const approvals = new Map(repos.letterApprovals.forLetter(letterId).map((a) => [a.companyId, a]));
      // Only the subject, text and HTML go into the email.
      const rendered = new Map<number, Pick<RenderedLetter, 'subject' | 'text' | 'html'>>(
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
      const escalateAt = computeEscalateDate(due.dueDate, campaign.escalationDays);
      const skippedContacts: string[] = [];

      const dispatches = repos.transaction(() => {
        if (
          !repos.letters.transition(letterId, statusesThatCanBecome('sent'), {
            status: 'sent',
            sentAt: sentAt.toISOString(),
          })
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
          bounceToken: randomToken(12),
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
            envelopeFrom: bounceAddress(dispatch.bounceToken!, mailDomain),
            headers: { 'X-Docket-Dispatch': String(dispatch.id) },
            dispatchId: dispatch.id,
            sendAfter,
          });
        }
        return dispatch;
      }
    },
  };
}

export type SendingService = ReturnType<typeof createSendingService>;
