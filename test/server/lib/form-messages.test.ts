import { describe, expect, it } from 'vitest';
import { DEADLINE_KINDS } from '../../../server/domain/deadline-kinds.js';
import * as vocabulary from '../../../server/domain/vocabulary.js';
import { wordedFieldError, wordedValidation } from '../../../server/lib/form-messages.js';
import { LABELS, labelOf } from '../../../server/lib/labels.js';

describe('form errors in words', () => {
  it.each([
    ['receivedAt', 'must match pattern "^\\d{4}-\\d{2}-\\d{2}(T…)?$"', 'Enter the date the response arrived'],
    [
      'receivedAt',
      'is before the letter was sent (3 Mar 2025)',
      'The date received is before the letter was sent (3 Mar 2025)',
    ],
    ['closesAt', 'must be in the future', 'Choose a closing time in the future'],
    ['email', 'must be a valid email address', 'Enter an email address, like name@example.org'],
    ['contacts.0.email', 'must be a valid email address', 'Enter an email address, like name@example.org'],
    ['kind', 'is not one of the allowed values', 'Choose a kind from the list'],
    ['name', 'must not be empty', 'Enter a name'],
    ['name', 'must be at most 200 characters', 'Use at most 200 characters'],
    ['responseDays', 'must be at least 1', 'Enter a number at least 1'],
    [
      'unknownField',
      'must be equal to one of the allowed values',
      'Check this value: it is not in the form expected here',
    ],
    [
      'unknownField',
      'must match pattern "^[a-z]+$"',
      'Check this value: it is not in the form expected here',
    ],
    ['unknownField', 'is required', 'Fill in this field'],
    ['unknownField', 'is already taken', 'This value is already taken'],
    ['name', 'a company named "X" already exists', 'A company named "X" already exists'],
  ])('%s: "%s" → "%s"', (field, message, expected) => {
    expect(wordedFieldError(field, message)).toBe(expected);
  });

  it('a bad value in a page address names no schema path', () => {
    const text = wordedValidation([
      {
        keyword: 'enum',
        instancePath: '/status',
        schemaPath: '#/properties/status/enum',
        params: { allowedValues: ['sent'] },
        message: 'must be equal to one of the allowed values',
      },
    ]);
    expect(text).toBe('Choose a status from the list.');
  });
});

describe('labels for codes', () => {
  it.each([
    ['organizationKind', vocabulary.ORGANIZATION_KINDS],
    ['contactFunction', vocabulary.CONTACT_FUNCTIONS],
    ['role', vocabulary.ROLES],
    ['responseKind', vocabulary.RESPONSE_KINDS],
    ['answerStatus', vocabulary.ANSWER_STATUSES],
    ['dispatchStatus', vocabulary.DISPATCH_STATUSES],
    ['letterStatus', vocabulary.LETTER_STATUSES],
    ['letterKind', vocabulary.LETTER_KINDS],
    ['deadlineKind', DEADLINE_KINDS],
  ] as const)('every %s code has words of its own', (group, codes) => {
    for (const code of codes) {
      const label = labelOf(group, code);
      expect(label, code).not.toBe(code.length > 3 ? code : `${code}?`);
      expect(label, code).not.toMatch(/_/);
    }
    expect(Object.keys(LABELS[group]).sort()).toEqual([...codes].sort());
  });

  it('has a label for every channel (words inside a sentence: "sent by web form")', () => {
    expect(Object.keys(LABELS.channel).sort()).toEqual([...vocabulary.DISPATCH_CHANNELS].sort());
    expect(labelOf('channel', 'web_form')).toBe('web form');
  });

  it('says the words people use', () => {
    expect(labelOf('organizationKind', 'ngo')).toBe('NGO');
    expect(labelOf('contactFunction', 'ir')).toBe('Investor relations');
    expect(labelOf('role', 'staff')).toBe('Campaign staff');
    expect(labelOf('responseKind', 'auto_reply')).toBe('Automatic reply');
    expect(labelOf('answerStatus', 'not_applicable')).toBe('Not applicable');
    expect(labelOf('organizationKind', 'new_code')).toBe('new_code');
  });
});
