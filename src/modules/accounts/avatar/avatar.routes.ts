// The caller's avatar: the contract routes (read, choose, reset, sources) and what they answer.
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';

const GENERATED =
  'The generated avatar (`source` "none") is an SVG data URL (`data:image/svg+xml;base64,...`): the user\'s initials (first + last name, else display name, else email) on a color derived from the user id; it needs no request of its own.';
const RESOLVE =
  'A `remote` avatar is read from the linked identity each time; if that identity was unlinked or has no picture any more, the generated avatar is answered (`source` "none").';

export const get = contractRoute(contract.getSecureProfileAvatar, {
  description: `The caller's effective avatar: source, URL (never null) and, for \`remote\`, the identity. ${GENERATED} ${RESOLVE}`,
  auth: { allowDuringFlow: true },
});
export const patch = contractRoute(contract.patchSecureProfileAvatar, {
  description: `Chooses the avatar source. \`none\`: the generated avatar. \`remote\`: \`identityId\` (required) must be one of the caller's own linked identities (404 otherwise) and have an http(s) picture (422 otherwise). \`identityId\` with another source answers 400. \`uploaded\` answers 422 for now: uploading arrives with the files area. ${GENERATED}`,
  auth: { allowDuringFlow: true },
  errors: [422],
});
export const reset = contractRoute(contract.deleteSecureProfileAvatar, {
  description: `Resets the avatar to the generated one (\`source\` "none"). ${GENERATED}`,
  auth: { allowDuringFlow: true },
});
export const sources = contractRoute(contract.getSecureProfileAvatarSources, {
  description: `Every avatar the caller can choose: the generated one first, then the current upload if any, then each linked identity with an http(s) picture (oldest link first). \`provider\` is null for providers outside the reference's list (\`providerName\` still names it). ${GENERATED} ${RESOLVE}`,
  auth: { allowDuringFlow: true },
});
