import type { Repositories, UserRow } from '../../db/repositories/index.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { roleAtLeast } from '../lib/roles.js';
import type { DispatchesService } from './dispatches-service.js';

/** Files that came with emailed responses: readable by whoever may read the dispatch. */
export function createAttachmentsService({
  repos,
  dispatches,
}: {
  repos: Repositories;
  dispatches: DispatchesService;
}) {
  return {
    /** The attachment with its content, if `user` may read it (unassigned mail: staff and above). */
    getForUser(id: number, user: UserRow) {
      const attachment = repos.inbound.findAttachment(id);
      if (!attachment) throw new NotFoundError('Attachment', id);
      const response = attachment.responseId
        ? repos.dispatches.findResponse(attachment.responseId)
        : undefined;
      if (response) {
        dispatches.getForUser(response.dispatchId, user);
      } else if (!roleAtLeast(user.role, 'staff')) {
        throw new ForbiddenError('Attachments of unassigned mail are for staff');
      }
      return attachment;
    },
  };
}

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
