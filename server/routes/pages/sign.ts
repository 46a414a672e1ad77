import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { LetterRow } from '../../../db/repositories/index.js';
import { AppError } from '../../errors.js';
import { roleAtLeast } from '../../lib/roles.js';
import { withPlaceholders } from '../../lib/template-placeholders.js';
import { type FieldErrors, validateInput } from '../../lib/validate.js';
import { type SignatureInput, SignatureInputSchema } from '../../schemas/letters.js';
import { type FormBody, FormBodySchema, field } from './forms.js';

const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 300 }) });

type Organization = { id: number; name: string };

/**
 * Sign-on links: each member organization has its own link, and a link signs for that
 * organization only, until sign-on closes. The page shows the whole letter before signing.
 */
const signPages: FastifyPluginAsyncTypebox = async (app) => {
  const letters = app.services.letters;
  const signOn = app.services.signOn;

  function linkOrError(
    token: string,
  ): { letter: LetterRow; organization: Organization } | { status: number; title: string; message: string } {
    try {
      return signOn.forToken(token);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return error.statusCode === 404
        ? {
            status: 404,
            title: 'Link not valid',
            message: 'This sign-on link is not valid. Check that you copied all of it.',
          }
        : {
            status: 410,
            title: 'Sign-on has closed',
            message: 'This letter is no longer open for signatures.',
          };
    }
  }

  /** A member logged in as someone of another organization must not sign with this link. */
  function otherOrganization(request: import('fastify').FastifyRequest, organization: Organization) {
    const user = request.user;
    if (!user || roleAtLeast(user.role, 'staff') || user.organizationId === organization.id) return undefined;
    return {
      status: 403,
      title: 'Not your organization’s link',
      message: `This sign-on link is for ${organization.name}. Sign for your own organization from its own link or from the letter's page.`,
    };
  }

  /** The letter as the first target company will receive it; each company gets its own copy. */
  function letterPreview(letter: LetterRow) {
    const target = app.services.letters.targets(letter.id)[0];
    if (!target) return { previewError: 'The letter has no target companies yet.' };
    try {
      return { preview: letters.preview(letter.id, target.id), previewCompany: target.name };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { previewError: error.message };
    }
  }

  const formView = (
    token: string,
    letter: LetterRow,
    organization: Organization,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) => {
    const view = letters.view(letter);
    return {
      title: `Sign: ${withPlaceholders(letter.title)}`,
      token,
      letter: view,
      organization,
      alreadySigned: view.signatories.find((s) => s.organizationId === organization.id),
      campaign: app.services.campaigns.get(letter.campaignId),
      ...letterPreview(letter),
      values,
      errors,
    };
  };

  app.get(
    '/sign/:token',
    { config: { access: 'public' }, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const found = linkOrError(request.params.token);
      if (!('letter' in found)) return reply.page('errors/error', found, found.status);
      const refused = otherOrganization(request, found.organization);
      if (refused) return reply.page('errors/error', refused, refused.status);
      return reply.page(
        'sign/form',
        formView(request.params.token, found.letter, found.organization, {
          signerName: request.user?.organizationId === found.organization.id ? request.user.name : '',
        }),
      );
    },
  );

  app.post(
    '/sign/:token',
    { config: { access: 'public' }, schema: { hide: true, params: TokenParams, body: FormBodySchema } },
    async (request, reply) => {
      const found = linkOrError(request.params.token);
      if (!('letter' in found)) return reply.page('errors/error', found, found.status);
      const { letter, organization } = found;
      const body = request.body as FormBody;
      const claimed = field(body, 'organizationId');
      const refused =
        otherOrganization(request, organization) ??
        (claimed && claimed !== String(organization.id)
          ? {
              status: 403,
              title: 'Not your organization’s link',
              message: `This sign-on link signs for ${organization.name} only.`,
            }
          : undefined);
      if (refused) return reply.page('errors/error', refused, refused.status);
      const values = {
        organizationId: organization.id,
        signerName: field(body, 'signerName'),
        signerTitle: field(body, 'signerTitle') || null,
      };
      const result = validateInput<SignatureInput>(SignatureInputSchema, values);
      const view = (errors: FieldErrors) =>
        reply.formErrors('sign/form', formView(request.params.token, letter, organization, values, errors));
      if ('errors' in result) return view(result.errors);
      try {
        signOn.sign(letter.id, result.value, {
          user: null,
          source: 'link',
          actor: {
            userId: request.user?.id ?? null,
            label: `${result.value.signerName} (${organization.name}'s sign-on link)`,
          },
        });
      } catch (error) {
        if (error instanceof AppError && error.field) return view({ [error.field]: error.fieldMessage });
        throw error;
      }
      return reply.page('sign/done', { title: 'Thank you', letter, organization, values });
    },
  );
};

export default signPages;
