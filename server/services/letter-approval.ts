import type { LetterApprovalRow, Repositories } from '../../db/repositories/index.js';

/** The email template parts a letter to a company goes out in; their versions are frozen at approval. */
export const LETTER_EMAIL_PARTS = ['emails/letter.subject', 'emails/letter.text', 'emails/letter.html'];

export function currentLetterEmailVersions(repos: Repositories): Record<string, number> {
  const versions: Record<string, number> = {};
  for (const key of LETTER_EMAIL_PARTS) {
    const template = repos.templates.findByBuiltinKey(key);
    if (template) versions[key] = template.version;
  }
  return versions;
}

export interface TemplateChangeSinceApproval {
  templateId: number;
  name: string;
  approvedVersion: number;
  currentVersion: number;
  changedBy: string | null;
  changedAt: string;
}

/** The email templates edited since the letter was approved (the letter still goes out as approved). */
export function templateChangesSinceApproval(
  repos: Repositories,
  approvals: LetterApprovalRow[],
): TemplateChangeSinceApproval[] {
  const frozen = approvals[0]?.templateVersions ?? {};
  const changes: TemplateChangeSinceApproval[] = [];
  for (const [key, approvedVersion] of Object.entries(frozen)) {
    const template = repos.templates.findByBuiltinKey(key);
    if (!template || template.version === approvedVersion) continue;
    const latest = repos.templates.version(template.id, template.version);
    const author = latest?.createdBy ? repos.users.findById(latest.createdBy) : undefined;
    changes.push({
      templateId: template.id,
      name: template.name,
      approvedVersion,
      currentVersion: template.version,
      changedBy: author?.name ?? null,
      changedAt: latest?.createdAt ?? template.updatedAt,
    });
  }
  return changes;
}
