import type { DispatchRow, InboundMessageRow, Repositories } from '../../db/repositories/index.js';
import type { InboundNotifier } from './inbound-mail-service.js';
import { type Mailer, mailbox } from './mailer.js';

const KIND_LABELS: Record<string, string> = {
  substantive: 'a substantive response',
  auto_reply: 'an auto-reply',
  bounce: 'a delivery failure',
};

/**
 * Emails the campaign's coordinators (or every coordinator when it names none) about mail that
 * waits for their review, unless they turned these alerts off in their settings.
 */
export function createInboundNotifier({
  repos,
  mailer,
  baseUrl,
}: {
  repos: Repositories;
  mailer: Mailer;
  baseUrl: string;
}): InboundNotifier {
  const settingsUrl = `${baseUrl}/settings`;
  const recipients = (campaignId: number | undefined) =>
    (campaignId === undefined
      ? repos.users.listByRole('coordinator')
      : repos.reminders.coordinatorsOf(campaignId)
    ).filter((user) => (user.preferences.reviewAlerts ?? 'each') === 'each');

  return {
    responseToReview(message: InboundMessageRow, dispatch: DispatchRow, kind: string) {
      // Auto-replies change nothing and need no one's attention now; the dashboard lists them.
      if (kind === 'auto_reply') return;
      const company = repos.companies.findById(dispatch.companyId);
      const letter = repos.letters.findById(dispatch.letterId);
      for (const user of recipients(dispatch.campaignId)) {
        mailer.queue({
          kind: 'review-needed',
          to: mailbox(user.name, user.email),
          template: 'review-needed',
          data: {
            name: user.name,
            bounce: kind === 'bounce',
            companyName: company?.name ?? '',
            letterTitle: letter?.title ?? '',
            from: message.fromAddress,
            subject: message.subject,
            kindLabel: KIND_LABELS[kind] ?? kind,
            url: `${baseUrl}/dispatches/${dispatch.id}#responses`,
            settingsUrl,
          },
          dispatchId: dispatch.id,
          userId: user.id,
        });
      }
    },
    abuseReport(message: InboundMessageRow, dispatch: DispatchRow | undefined) {
      const company = dispatch ? repos.companies.findById(dispatch.companyId) : undefined;
      const feedbackLabel = /^Feedback-Type:\s*([\w-]+)/im.exec(message.text)?.[1]?.toLowerCase() ?? 'abuse';
      for (const user of recipients(dispatch?.campaignId)) {
        mailer.queue({
          kind: 'abuse-report',
          to: mailbox(user.name, user.email),
          template: 'abuse-report',
          data: {
            name: user.name,
            companyName: company?.name ?? '',
            from: message.fromAddress,
            feedbackLabel,
            url: `${baseUrl}/inbox/${message.id}`,
            settingsUrl,
          },
          ...(dispatch && { dispatchId: dispatch.id }),
          userId: user.id,
        });
      }
    },
  };
}
