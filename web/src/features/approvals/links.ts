// Paths of the approvals and agents screens (cast like src/features/jobs/links.ts: the router
// builds desk routes from string paths).
type DeskPath = '/';

export const approvalsPath = '/approvals' as DeskPath;
export const approvalPath = (id: number) => `/approvals/${id}` as DeskPath;
export const agentsPath = '/agents' as DeskPath;
export const threadPath = (id: string) => `/agents/threads/${encodeURIComponent(id)}` as DeskPath;
