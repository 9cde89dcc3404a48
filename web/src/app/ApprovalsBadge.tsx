// The pending-approvals count beside "Approvals" in the navigation (GET /approvals/counts,
// refreshed by approval.* events). Nothing is shown when nothing waits.
import { Badge, VisuallyHidden } from '@mantine/core';
import { useApprovalCounts } from '../features/approvals/api';
import { t } from '../i18n';

export function ApprovalsBadge() {
  const { data } = useApprovalCounts();
  const n = data?.pending ?? 0;
  if (n <= 0) return null;
  return (
    <Badge size="sm" color="yellow" variant="filled" c="dark.8" circle={n < 10} data-testid="approvals-badge">
      {n}
      <VisuallyHidden> {t.approvals.pendingSuffix}</VisuallyHidden>
    </Badge>
  );
}
