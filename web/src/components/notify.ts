// Toasts for the outcome of actions; a 409 says plainly that someone else changed the data.
import { notifications } from '@mantine/notifications';
import { ApiError, errorMessage } from '../api/problem';
import { t } from '../i18n';

export function notifyError(err: unknown, title: string = t.common.errorTitle): void {
  const conflict = err instanceof ApiError && err.status === 409;
  notifications.show({
    color: conflict ? 'orange' : 'red',
    title,
    message: conflict ? `${t.common.conflict} ${errorMessage(err)}` : errorMessage(err),
    autoClose: 8000,
    closeButtonProps: { 'aria-label': t.common.close },
  });
}

export function notifyOk(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 3000, closeButtonProps: { 'aria-label': t.common.close } });
}
