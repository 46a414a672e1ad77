import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { diffLines } from 'diff';
import type { Repositories, TemplateRow } from '../../../db/repositories/index.js';
import type { Role, TEMPLATE_KINDS } from '../../domain/vocabulary.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import type { Actor } from '../actor.js';
import { recordEvent } from '../events.js';
import { type Renderer, TEMPLATES_DIR } from '../renderer.js';
import { checkEmailHtml } from './email-html.js';
import { HELPER_DOCS } from './helpers.js';
import { assertMayEditEmail, editableDataOf, systemEmailOf } from './system-emails.js';
import { checkTemplate } from './template-check.js';
import { EMAIL_FIXTURES, inferSchema, LETTER_FIXTURE } from './variables.js';

export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

const LETTER_KIND_BY_FILE: Record<string, Exclude<TemplateKind, 'email'>> = {
  initial: 'initial',
  'follow-up': 'follow_up',
  reminder: 'reminder',
  escalation: 'escalation',
};
const HELPER_NAMES = HELPER_DOCS.map((h) => h.name);
const LETTER_SCHEMA = inferSchema(LETTER_FIXTURE);

interface BuiltinSource {
  key: string;
  name: string;
  kind: TemplateKind;
  subject: string | null;
  body: string;
}

/** The email a template part belongs to: "reminder-overdue.html" → "reminder-overdue". */
export function emailNameOf(template: Pick<TemplateRow, 'name'>): string {
  return template.name.replace(/\.(subject|text|html)$/, '');
}

export function createTemplatesService({
  repos,
  renderer,
  templatesDir = TEMPLATES_DIR,
}: {
  repos: Repositories;
  renderer: Renderer;
  templatesDir?: string;
}) {
  function builtins(): BuiltinSource[] {
    const sources: BuiltinSource[] = [];
    for (const [file, kind] of Object.entries(LETTER_KIND_BY_FILE)) {
      sources.push({
        key: `letters/${file}`,
        name: file,
        kind,
        subject: renderer.readTemplateFile(`letters/${file}.title.hbs`).trim(),
        body: renderer.readTemplateFile(`letters/${file}.body.md.hbs`),
      });
    }
    const emailFiles = readdirSync(join(templatesDir, 'emails')).filter((f) =>
      /\.(subject|text|html)\.hbs$/.test(f),
    );
    for (const file of emailFiles.sort()) {
      const name = file.replace(/\.hbs$/, '');
      sources.push({
        key: `emails/${name}`,
        name,
        kind: 'email',
        subject: null,
        body: renderer.readTemplateFile(`emails/${file}`),
      });
    }
    return sources;
  }

  function get(id: number): TemplateRow {
    const template = repos.templates.findById(id);
    if (!template) throw new NotFoundError('Template', id);
    return template;
  }

  /** Rejects a template that does not compile or uses a variable or helper that does not exist. */
  function check(kind: TemplateKind, name: string, subject: string | null | undefined, body: string) {
    if (kind === 'email') {
      const emailName = emailNameOf({ name });
      const fixture = EMAIL_FIXTURES[emailName];
      checkTemplate(body, {
        schema: fixture ? inferSchema(editableDataOf(emailName, fixture)) : undefined,
        helpers: HELPER_NAMES,
        field: 'body',
      });
      if (name.endsWith('.html')) checkEmailHtml(body, 'body');
      return;
    }
    if (subject !== null && subject !== undefined)
      checkTemplate(subject, { schema: LETTER_SCHEMA, helpers: HELPER_NAMES, field: 'subject' });
    checkTemplate(body, { schema: LETTER_SCHEMA, helpers: HELPER_NAMES, field: 'body' });
  }

  function passesCheck(row: TemplateRow): boolean {
    try {
      check(row.kind, row.name, row.subject, row.body);
      return true;
    } catch {
      return false;
    }
  }

  function sourceOfEmailPart(path: string): string {
    const key = path.replace(/\.hbs$/, '');
    return repos.templates.findByBuiltinKey(key)?.body ?? renderer.readTemplateFile(path);
  }

  const service = {
    get,
    check,
    /** One saved version of a template. */
    version(id: number, version: number) {
      get(id);
      const row = repos.templates.version(id, version);
      if (!row) throw new NotFoundError(`Version ${version} of template`, id);
      return row;
    },

    /** System emails (invitation, reminders, digests) are for admins to edit; everything else for staff. */
    assertMayEdit(id: number, role: Role): void {
      const template = get(id);
      if (template.kind === 'email') assertMayEditEmail(emailNameOf(template), role);
    },

    mayEdit(template: TemplateRow, role: Role): boolean {
      return template.kind !== 'email' || !systemEmailOf(emailNameOf(template)) || role === 'admin';
    },
    helpers: HELPER_DOCS,

    /** Makes sure every built-in file has its row; refreshes built-ins nobody has edited. */
    syncBuiltins(): void {
      repos.transaction(() => {
        for (const source of builtins()) {
          const row = repos.templates.findByBuiltinKey(source.key);
          if (!row) {
            repos.templates.insertBuiltinIfMissing({
              name: source.name,
              kind: source.kind,
              subject: source.subject,
              body: source.body,
              builtinKey: source.key,
            });
          } else if (
            row.version === 1 &&
            row.createdBy === null &&
            (row.body !== source.body || row.subject !== source.subject)
          ) {
            repos.templates.refreshUnedited(row.id, { subject: source.subject, body: source.body });
          } else if (systemEmailOf(emailNameOf(row)) && !passesCheck(row)) {
            // An edited copy from before links were fixed (or with active HTML) would break or leak: back to the file.
            repos.templates.addVersion(row.id, {
              subject: source.subject,
              body: source.body,
              createdBy: null,
            });
          }
        }
      });
      renderer.useSources(sourceOfEmailPart);
    },

    list(kind?: TemplateKind) {
      return repos.templates.list().filter((t) => !kind || t.kind === kind);
    },

    /** The template a new letter of this kind starts from: an edited built-in, else the file. */
    letterTemplate(kind: Exclude<TemplateKind, 'email'>, templateId?: number | null): TemplateRow {
      if (templateId) {
        const template = get(templateId);
        if (template.kind !== kind)
          throw new ValidationError(
            'templateId',
            `template ${templateId} is a ${template.kind} template, not ${kind}`,
          );
        return template;
      }
      const file = Object.entries(LETTER_KIND_BY_FILE).find(([, k]) => k === kind)![0];
      return repos.templates.findByBuiltinKey(`letters/${file}`)!;
    },

    create(
      input: { name: string; kind: TemplateKind; body: string; subject?: string | null; locale?: string },
      actor: Actor,
    ): TemplateRow {
      const locale = input.locale ?? 'en';
      if (repos.templates.findByName(input.name, locale))
        throw new ConflictError('a template with this name already exists', 'name');
      check(input.kind, input.name, input.subject, input.body);
      return repos.transaction(() => {
        const template = repos.templates.insert({
          name: input.name.trim(),
          kind: input.kind,
          locale,
          subject: input.subject ?? null,
          body: input.body,
          createdBy: actor.userId,
        });
        recordEvent(repos, actor, 'template.created', {}, { templateId: template.id, name: template.name });
        return template;
      });
    },

    update(id: number, input: { body: string; subject?: string | null }, actor: Actor): TemplateRow {
      const template = get(id);
      const subject = input.subject === undefined ? template.subject : input.subject;
      check(template.kind, template.name, subject, input.body);
      if (template.body === input.body && template.subject === subject) return template;
      return repos.transaction(() => {
        const updated = repos.templates.addVersion(id, {
          subject,
          body: input.body,
          createdBy: actor.userId,
        });
        recordEvent(
          repos,
          actor,
          'template.updated',
          {},
          { templateId: id, name: template.name, version: updated.version },
        );
        return updated;
      });
    },

    /** Reverting keeps history: the old text becomes the newest version. */
    revert(id: number, version: number, actor: Actor): TemplateRow {
      const template = get(id);
      const old = repos.templates.version(id, version);
      if (!old) throw new NotFoundError(`Version ${version} of template`, id);
      check(template.kind, template.name, old.subject, old.body);
      return repos.transaction(() => {
        const updated = repos.templates.addVersion(id, {
          subject: old.subject,
          body: old.body,
          createdBy: actor.userId,
        });
        recordEvent(
          repos,
          actor,
          'template.reverted',
          {},
          { templateId: id, toVersion: version, version: updated.version },
        );
        return updated;
      });
    },

    /** Every version, newest first, with the name of who saved it (null for the built-in file). */
    versions: (id: number) => {
      get(id);
      const names = new Map<number, string>();
      return repos.templates.versions(id).map((v) => {
        if (v.createdBy !== null && !names.has(v.createdBy))
          names.set(v.createdBy, repos.users.findById(v.createdBy)?.name ?? 'a removed user');
        return { ...v, authorName: v.createdBy === null ? null : names.get(v.createdBy)! };
      });
    },

    diff(id: number, from: number, to: number) {
      const a = repos.templates.version(id, from);
      const b = repos.templates.version(id, to);
      if (!a) throw new NotFoundError(`Version ${from} of template`, id);
      if (!b) throw new NotFoundError(`Version ${to} of template`, id);
      const text = (v: typeof a) => (v.subject !== null ? `${v.subject}\n---\n${v.body}` : v.body);
      return diffLines(text(a), text(b)).map((part) => ({
        kind: part.added ? ('added' as const) : part.removed ? ('removed' as const) : ('same' as const),
        text: part.value,
      }));
    },
  };
  return service;
}

export type TemplatesService = ReturnType<typeof createTemplatesService>;
