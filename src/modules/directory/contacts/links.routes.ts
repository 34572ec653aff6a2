// Contact links of an entity (`/secure/<users|spaces|resources>/{id}/contacts`): one builder for
// every linkable type, so spaces and resources get theirs with one line each.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/directory';
import { contractRoute, type Contract } from '../../../http/route';
import type { ContactEntityType } from './contacts.model';

export function contactLinkRoutes<const L extends Contract, const K extends Contract, const U extends Contract>(type: ContactEntityType, c: { list: L; link: K; unlink: U }) {
  const id = z.uuid().openapi({ description: `The ${type}'s id` });
  const who = `The ${type} must be the caller's tenant's (404 otherwise)`;
  const write = `${who}, and the caller must be allowed to change it (403 otherwise; for a user: \`users:write\`, or the user themself).`;
  return {
    list: contractRoute(c.list, {
      description: `Contacts linked to the ${type}, the primary one first, then oldest link first, each with its contact. ${who}.`,
      request: { params: z.object({ id }) },
      auth: { permission: 'contacts:read' },
    }),
    link: contractRoute(c.link, {
      description:
        `Links a contact of the tenant (\`contactId\`; another tenant's or unknown: 404) to the ${type}; linking it again answers the same link ` +
        `(its \`is_primary\` changed only when \`isPrimary\` is given). \`isPrimary\` true makes it the ${type}'s only primary contact (the ` +
        `previous one is demoted in the same transaction). ${write} 201.`,
      request: { params: z.object({ id }) },
      auth: { permission: 'contacts:write' },
    }),
    unlink: contractRoute(c.unlink, {
      description: `Removes the link (the contact stays); 404 when the contact is not linked to the ${type}. ${write} 204.`,
      request: { params: z.object({ id, contactId: z.uuid().openapi({ description: 'Contact id' }) }) },
      auth: { permission: 'contacts:write' },
    }),
  };
}

export const user = contactLinkRoutes('user', {
  list: contract.getSecureUsersByIdContacts,
  link: contract.postSecureUsersByIdContacts,
  unlink: contract.deleteSecureUsersByIdContactsByContactId,
});
