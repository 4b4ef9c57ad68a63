import type { DefenderHttp } from './http/defender-http';
import { graphOp } from './http/operation';
import { pathSegment } from './queries/path';

const GROUP_MEMBERS = graphOp('list group members', ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All']);

/**
 * The users in an Entra group, nested groups included (GET /groups/{id}/transitiveMembers/microsoft.graph.user,
 * learn.microsoft.com/graph/api/group-list-transitivemembers; GroupMember.Read.All is the least privilege, the same
 * permission the role checks use). One page: mentions are capped well below a page.
 */
export async function listGroupUsers(http: DefenderHttp, groupId: string, top = 20): Promise<{ id: string; name: string }[]> {
  const page = await http.list<{ id?: unknown; displayName?: unknown }>(
    GROUP_MEMBERS,
    `/groups/${pathSegment(groupId, 'group id')}/transitiveMembers/microsoft.graph.user`,
    {
      query: { $select: 'id,displayName', $top: top },
      maxPages: 1,
    },
  );
  return page.items
    .filter((u): u is { id: string; displayName?: unknown } => typeof u.id === 'string' && u.id.length > 0)
    .map((u) => ({ id: u.id, name: typeof u.displayName === 'string' ? u.displayName : '' }));
}
