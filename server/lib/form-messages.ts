import type { FastifySchemaValidationError } from 'fastify';
import type { AppError } from '../errors.js';
import type { FieldErrors } from './validate.js';

/**
 * What a person is asked to do when a form field is refused, by field name (the last part of its
 * path: `contacts.0.email` → `email`). Every page form's errors pass through `wordedFieldError`
 * (reply.formErrors, flashOutcome and the page error handler), so a schema path, a regular
 * expression or validator jargon never reaches a page.
 */
const FIELD_MESSAGES: Record<string, string> = {
  receivedAt: 'Enter the date the response arrived',
  promisedAt: 'Enter the date they promised a full answer by, or leave it empty',
  closesAt: 'Choose a closing time in the future',
  signOnClosesAt: 'Choose a closing time in the future',
  expiresAt: 'Choose an expiry date in the future',
  email: 'Enter an email address, like name@example.org',
  name: 'Enter a name',
  title: 'Enter a title',
  country: 'Enter the two-letter country code, like GB',
  holidayCountry: 'Enter the two-letter country code of the holiday calendar, like GB, or leave it empty',
  holidayRegion: 'Enter the region code, letters and digits only, like ENG, or leave it empty',
  jurisdiction: 'Enter the two-letter country code, like GB, or leave it empty',
  isin: 'Enter the 12-character ISIN, like US5949181045, or leave it empty',
  website: 'Enter a web address starting with https://, or leave it empty',
  aumUsd: 'Enter the amount in US dollars, in digits, or leave it empty',
  responseDays: 'Enter the number of days companies have to answer, from 1 to 365',
  dayCount: 'Choose calendar days or working days',
  kind: 'Choose a kind from the list',
  role: 'Choose a role from the list',
  organizationId: 'Choose an organization from the list',
  organizationIds: 'Choose organizations from the list',
  companyIds: 'Choose companies from the list',
  function: 'Choose the contact’s function from the list',
  status: 'Choose a status from the list',
  quality: 'Choose a quality from the list',
  date: 'Enter a date',
  dueAt: 'Enter a date',
  sector: 'Enter a sector, or leave it empty',
  level: 'Choose a level of the ladder',
  signatoryRole: 'Choose how your organization signs',
  digest: 'Choose how often you get the digest',
  locale: 'Enter a language code like en or de-DE',
  key: 'Use lower-case letters, digits and dashes only',
  password: 'Use a password of at least 10 characters',
  body: 'Write the text',
};

/** A field's name inside a sentence, for what a service says about it: "the date received is before …". */
const FIELD_NOUNS: Record<string, string> = {
  receivedAt: 'the date received',
  promisedAt: 'the promised date',
  closesAt: 'the closing time',
  signOnClosesAt: 'the closing time',
  email: 'the email address',
  name: 'the name',
  title: 'the title',
  date: 'the date',
  country: 'the country code',
  password: 'the password',
  passwordConfirm: 'the confirmation',
  companyIds: 'the choice of companies',
  ladder: 'the escalation ladder',
};

/** What validate.ts says when a value does not fit its schema (the field's own sentence says it better). */
const VALIDATOR_WORDS =
  /^(is required|must not be (empty|blank)|must be a valid|must be a number|must be in the future|must be a (two-letter|12-character|web address)|is not one of|is not a known)/;

const LIMIT = /^must be (at most|at least) (\d+) characters$/;

/** The sentence shown next to a refused field, whatever the validator or service said. */
export function wordedFieldError(field: string, message: string): string {
  const name = field.split('.').at(-1) ?? field;
  const limit = LIMIT.exec(message);
  if (limit) return `Use ${limit[1]} ${limit[2]} characters`;
  if (/^must be at (least|most) \d+$/.test(message)) {
    return `Enter a number ${message.replace(/^must be /, '')}`;
  }
  const known = FIELD_MESSAGES[name];
  if (known && (looksTechnical(message) || VALIDATOR_WORDS.test(message))) return known;
  if (GENERIC[message]) return GENERIC[message];
  if (!looksTechnical(message)) {
    const noun = FIELD_NOUNS[name];
    if (/^(is|must|does|has|was) /.test(message)) return sentence(`${noun ?? 'this value'} ${message}`);
    return sentence(message);
  }
  return 'Check this value: it is not in the form expected here';
}

/** Validator wording a person should never read: paths, patterns, keyword jargon. */
function looksTechnical(message: string): boolean {
  return /must match|must be equal to|pattern|\/|\^|\$|allowed values|must NOT|must have|must be (string|integer|number|object|array)|format "/i.test(
    message,
  );
}

const GENERIC: Record<string, string> = {
  'is required': 'Fill in this field',
  'must not be empty': 'Fill in this field',
  'must not be blank': 'Fill in this field',
  'must be a number': 'Enter a number',
  'must be a valid email address': 'Enter an email address, like name@example.org',
  'must be in the future': 'Choose a time in the future',
};

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function wordedErrors(errors: FieldErrors | undefined): FieldErrors | undefined {
  if (!errors) return errors;
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [field, wordedFieldError(field, message)]),
  );
}

/** A refused action's message for a flash: "receivedAt: must match …" → "Enter the date the response arrived". */
export function wordedAppError(error: AppError): string {
  const prefixed = /^([\w.]+): (.*)$/s.exec(error.message);
  const field = error.field ?? (error.code === 'VALIDATION_FAILED' ? prefixed?.[1] : undefined);
  if (!field) return error.message;
  const message = error.field ? error.fieldMessage : (prefixed?.[2] ?? error.message);
  return wordedFieldError(field, message.replace(new RegExp(`^${field}: `), ''));
}

/** Fastify's schema errors on a page request (a bad filter in the query string, say), in words. */
export function wordedValidation(errors: FastifySchemaValidationError[]): string {
  const sentences = errors.map((error) => {
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const field =
      params.missingProperty ??
      params.additionalProperty ??
      error.instancePath.split('/').filter(Boolean).at(-1);
    if (!field) return 'Something in this address or form is not valid';
    const worded = wordedFieldError(field, error.message ?? '');
    return worded.startsWith('Check this value')
      ? `Check “${field}”: it is not one of the values this page knows`
      : worded;
  });
  return `${[...new Set(sentences)].join('. ')}.`;
}
