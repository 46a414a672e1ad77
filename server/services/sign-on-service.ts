import type { LetterRow, Repositories, UserRow } from '../../db/repositories/index.js';
import { assertTransition } from '../domain/letter-lifecycle.js';
import { isSignOnOpen } from '../domain/sign-on-window.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock } from '../lib/clock.js';
import { roleAtLeast } from '../lib/roles.js';
import { withPlaceholders } from '../lib/template-placeholders.js';
import { signValue, verifySignedValue } from '../lib/tokens.js';
import type { SignatureInput } from '../schemas/letters.js';
import type { Actor } from './actor.js';
import type { CampaignsService } from './campaigns-service.js';
import { recordEvent } from './events.js';
import type { Mailer } from './mailer.js';
import { isUniqueViolation } from './sqlite-errors.js';

/**
 * Sign-on: a coordinator opens a letter for signatures until a closing time; each member
 * organization gets its own signed link (emailed to its people); members sign from their account
 * or the link, staff for anyone; signatures can be withdrawn until the letter is sent.
 */
export function createSignOnService({
  repos,
  clock,
  campaigns,
  secret,
  baseUrl,
  mailer,
}: {
  repos: Repositories;
  clock: Clock;
  campaigns: CampaignsService;
  secret: string;
  baseUrl: string;
  /** Sends each organization's people its sign-on link; without it, links are only shown to coordinators. */
  mailer?: Mailer;
}) {
  const nowIso = () => clock.now().toISOString();

  function get(id: number): LetterRow {
    const letter = repos.letters.findById(id);
    if (!letter) throw new NotFoundError('Letter', id);
    return letter;
  }

  /** A sign-on link's token: bound to the letter, its closing time and ONE organization. */
  function signOnToken(letter: LetterRow, organizationId: number): string | null {
    if (!letter.signOnClosesAt) return null;
    const payload = Buffer.from(
      `${letter.id}:${Date.parse(letter.signOnClosesAt)}:${organizationId}`,
    ).toString('base64url');
    return signValue(secret, payload);
  }

  /** Each member organization's own sign-on link, and whether it has signed. */
  function signOnLinks(letter: LetterRow) {
    if (letter.status !== 'sign_on') return [];
    const signed = new Set(repos.letters.signatories(letter.id).map((s) => s.organizationId));
    return repos.campaigns.organizations(letter.campaignId).map((org) => ({
      organizationId: org.id,
      organizationName: org.name,
      url: `${baseUrl}/sign/${signOnToken(letter, org.id)}`,
      signed: signed.has(org.id),
    }));
  }

  /** Emails every active person of each member organization their organization's link. */
  function emailSignOnLinks(letter: LetterRow) {
    if (!mailer) return 0;
    const links = new Map(signOnLinks(letter).map((l) => [l.organizationId, l]));
    const campaign = campaigns.get(letter.campaignId);
    let queued = 0;
    for (const person of repos.reminders.membersOf(letter.campaignId)) {
      const link = links.get(person.organizationId);
      if (!link) continue;
      mailer.queue({
        kind: 'sign_on',
        to: person.email,
        template: 'sign-on-invitation',
        data: {
          name: person.name,
          organizationName: link.organizationName,
          campaignName: campaign.name,
          letterTitle: withPlaceholders(letter.title),
          closesAt: letter.signOnClosesAt,
          url: link.url,
        },
        userId: person.id,
      });
      queued++;
    }
    return queued;
  }

  return {
    /** Each member organization's own sign-on link, and whether it has signed. */
    links: signOnLinks,

    open(id: number, closesAt: string, actor: Actor): LetterRow {
      const letter = get(id);
      assertTransition(letter.status, 'sign_on');
      if (Date.parse(closesAt) <= clock.now().getTime())
        throw new ValidationError('closesAt', 'must be in the future');
      const opened = repos.transaction(() => {
        const updated = repos.letters.update(id, {
          status: 'sign_on',
          signOnClosesAt: new Date(closesAt).toISOString(),
        })!;
        recordEvent(
          repos,
          actor,
          'letter.sign_on_opened',
          { campaignId: letter.campaignId, letterId: id },
          { closesAt, organizations: repos.campaigns.organizations(letter.campaignId).length },
        );
        return updated;
      });
      emailSignOnLinks(opened);
      return opened;
    },

    /**
     * The letter and organization a sign-on link opens, while that link is valid: unforged, for an
     * organization of the campaign, not superseded, not closed.
     */
    forToken(token: string): { letter: LetterRow; organization: { id: number; name: string } } {
      const payload = verifySignedValue(secret, token);
      const [idText, closesText, organizationText, extra] = payload
        ? Buffer.from(payload, 'base64url').toString().split(':')
        : [];
      const letter = idText && extra === undefined ? repos.letters.findById(Number(idText)) : undefined;
      const organization = letter
        ? repos.campaigns.organizations(letter.campaignId).find((o) => String(o.id) === organizationText)
        : undefined;
      if (
        !letter ||
        !organization ||
        !letter.signOnClosesAt ||
        Date.parse(letter.signOnClosesAt) !== Number(closesText)
      ) {
        throw new NotFoundError('Sign-on link');
      }
      if (!isSignOnOpen(letter, clock.now())) {
        throw new ConflictError('this letter is no longer open for signatures', undefined, 'SIGN_ON_CLOSED');
      }
      return { letter, organization: { id: organization.id, name: organization.name } };
    },

    sign(
      id: number,
      input: SignatureInput,
      signer: { user: UserRow | null; source: 'account' | 'link' | 'staff'; actor: Actor },
    ) {
      const letter = get(id);
      if (!isSignOnOpen(letter, clock.now())) {
        throw new ConflictError('this letter is not open for signatures', undefined, 'SIGN_ON_CLOSED');
      }
      if (!repos.organizations.findById(input.organizationId)) {
        throw new ValidationError('organizationId', `organization ${input.organizationId} does not exist`);
      }
      if (
        signer.user &&
        !roleAtLeast(signer.user.role, 'staff') &&
        signer.user.organizationId !== input.organizationId
      ) {
        throw new ForbiddenError('Members sign for their own organization only');
      }
      try {
        return repos.transaction(() => {
          const signature = repos.letters.insertSignature({
            letterId: id,
            organizationId: input.organizationId,
            signerName: input.signerName.trim(),
            signerTitle: input.signerTitle?.trim() || null,
            signatoryRole: input.signatoryRole ?? 'supporter',
            userId: signer.user?.id ?? null,
            source: signer.source,
          });
          recordEvent(
            repos,
            signer.actor,
            'letter.signed',
            { campaignId: letter.campaignId, letterId: id, organizationId: input.organizationId },
            { signerName: signature.signerName, source: signer.source },
          );
          return signature;
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError('this organization has already signed', 'organizationId', 'ALREADY_SIGNED');
        throw error;
      }
    },

    withdrawSignature(id: number, signatureId: number, user: UserRow, actor: Actor) {
      const letter = get(id);
      const signature = repos.letters.findSignature(signatureId);
      if (!signature || signature.letterId !== id || signature.withdrawnAt)
        throw new NotFoundError('Signature', signatureId);
      if (letter.status === 'sent')
        throw new ConflictError('signatures of a sent letter cannot be withdrawn', undefined, 'ALREADY_SENT');
      if (!roleAtLeast(user.role, 'coordinator') && user.organizationId !== signature.organizationId) {
        throw new ForbiddenError('Only your own organization’s signature can be withdrawn');
      }
      repos.transaction(() => {
        repos.letters.withdrawSignature(signatureId, nowIso());
        recordEvent(repos, actor, 'letter.signature_withdrawn', {
          campaignId: letter.campaignId,
          letterId: id,
          organizationId: signature.organizationId,
        });
      });
    },

    /** Ends sign-on now, before its planned close: links stop working and the letter can be approved. */
    close(id: number, actor: Actor): LetterRow {
      const letter = get(id);
      if (letter.status !== 'sign_on')
        throw new ConflictError('this letter is not open for signatures', 'status', 'NOT_SIGN_ON');
      return repos.transaction(() => {
        const closedAt = nowIso();
        if (letter.signOnClosesAt && Date.parse(letter.signOnClosesAt) > Date.parse(closedAt)) {
          repos.letters.update(id, { signOnClosesAt: closedAt });
        }
        recordEvent(
          repos,
          actor,
          'letter.sign_on_closed',
          { campaignId: letter.campaignId, letterId: id },
          { plannedClose: letter.signOnClosesAt, signatures: repos.letters.signatories(id).length },
        );
        return get(id);
      });
    },
  };
}

export type SignOnService = ReturnType<typeof createSignOnService>;
