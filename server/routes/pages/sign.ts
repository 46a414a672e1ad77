import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { LetterRow } from '../../../db/repositories/index.js';
import { AppError } from '../../errors.js';
import { type FieldErrors, validateInput } from '../../lib/validate.js';
import { type SignatureInput, SignatureInputSchema } from '../../schemas/letters.js';
import { type FormBody, FormBodySchema, field } from './forms.js';

const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 300 }) });

/** Sign-on links: anyone holding the link may sign for an organization of the campaign until it closes. */
const signPages: FastifyPluginAsyncTypebox = async (app) => {
  const letters = app.services.letters;

  function letterOrError(
    token: string,
  ): { letter: LetterRow } | { status: number; title: string; message: string } {
    try {
      return { letter: letters.letterForSignOnToken(token) };
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

  const formView = (
    token: string,
    letter: LetterRow,
    values: Record<string, unknown>,
    errors?: FieldErrors,
  ) => ({
    title: `Sign: ${letter.title}`,
    token,
    letter: letters.view(letter),
    campaign: app.services.campaigns.get(letter.campaignId),
    organizations: app.repos.campaigns.organizations(letter.campaignId),
    questions: app.repos.letters.questions(letter.id),
    values,
    errors,
  });

  app.get(
    '/sign/:token',
    { config: { access: 'public' }, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const found = letterOrError(request.params.token);
      if (!('letter' in found)) return reply.page('errors/error', found, found.status);
      return reply.page(
        'sign/form',
        formView(request.params.token, found.letter, { organizationId: request.user?.organizationId ?? '' }),
      );
    },
  );

  app.post(
    '/sign/:token',
    { config: { access: 'public' }, schema: { hide: true, params: TokenParams, body: FormBodySchema } },
    async (request, reply) => {
      const found = letterOrError(request.params.token);
      if (!('letter' in found)) return reply.page('errors/error', found, found.status);
      const { letter } = found;
      const body = request.body as FormBody;
      const organizationId = field(body, 'organizationId');
      const values = {
        organizationId: /^\d+$/.test(organizationId) ? Number(organizationId) : organizationId,
        signerName: field(body, 'signerName'),
        signerTitle: field(body, 'signerTitle') || null,
      };
      const result = validateInput<SignatureInput>(SignatureInputSchema, values);
      const view = (errors: FieldErrors) =>
        reply.formErrors('sign/form', formView(request.params.token, letter, values, errors));
      if ('errors' in result) return view(result.errors);
      if (!app.repos.campaigns.isMember(letter.campaignId, result.value.organizationId)) {
        return view({ organizationId: 'choose one of the coalition’s organizations' });
      }
      try {
        letters.sign(letter.id, result.value, {
          user: null,
          source: 'link',
          actor: { userId: request.user?.id ?? null, label: `${result.value.signerName} (sign-on link)` },
        });
      } catch (error) {
        if (error instanceof AppError && error.field) return view({ [error.field]: error.fieldMessage });
        throw error;
      }
      return reply.page('sign/done', { title: 'Thank you', letter, values });
    },
  );
};

export default signPages;
