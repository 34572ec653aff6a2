// Approvals: settings per entity type, requests and decisions. Other areas use the hook:
// requestApprovalIfNeeded (when creating a space, resource or calendar entry) and
// onApprovalDecision (to activate or withdraw the entity). See service.ts.
import { newRouter } from '../../lib/router';
import { approvalRoutes } from './routes';

export { onApprovalDecision, requestApprovalIfNeeded, type ApprovalDecision, type ApprovalOutcome } from './service';

export const approvalsModule = newRouter().route('/', approvalRoutes);
