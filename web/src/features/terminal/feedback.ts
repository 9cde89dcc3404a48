// The terminal's full-width outcome message, and errors in plain words.
import { ApiError, errorMessage } from '../../api/problem';
import { t } from '../../i18n';

export interface Feedback {
  kind: 'ok' | 'error';
  message: string;
}

export function actionError(e: unknown): string {
  if (e instanceof ApiError && e.status === 409) return t.terminal.conflict(e.message);
  if (e instanceof ApiError && e.status === 403) return t.terminal.noPermission;
  return t.terminal.failed(errorMessage(e));
}
