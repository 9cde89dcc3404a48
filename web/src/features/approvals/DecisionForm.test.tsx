import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { setPlantZone } from '../../lib/time';
import { mockFetch } from '../../test/fetch';
import { renderWithProviders } from '../../test/render';
import { DecisionForm } from './DecisionForm';
import { approval } from './fixtures';

beforeAll(() => setPlantZone('UTC'));

const DECIDE = 'POST /api/v1/approvals/7/decision';
const decided = (over: Record<string, unknown>) => ({ body: { ...approval('rush_order'), status: 'approved', ...over } });

describe('DecisionForm', () => {
  it('approves with an optional comment and shows the server result', async () => {
    let decidedWith: unknown = null;
    const calls = mockFetch({
      [DECIDE]: (c) => {
        decidedWith = c.body;
        return decided({ verdict: 'approve', decided_by: 'planner' });
      },
    });
    const done: unknown[] = [];
    renderWithProviders(<DecisionForm approval={approval('rush_order')} onDecided={(a) => done.push(a)} />);
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('rush_order title: Approved.')).toBeInTheDocument();
    expect(decidedWith).toEqual({ verdict: 'approve', comment: '' });
    expect(calls[0]?.headers.get('X-Kerf-Csrf')).toBe('1');
    expect(done).toHaveLength(1);
  });

  it('does not send a rejection without a comment, then sends it with one', async () => {
    const calls = mockFetch({ [DECIDE]: decided({ status: 'rejected', verdict: 'reject' }) });
    renderWithProviders(<DecisionForm approval={approval('rush_order')} />);
    await userEvent.click(screen.getByRole('radio', { name: 'Reject' }));
    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(await screen.findByText('Say why (required to reject or edit).')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
    await userEvent.type(screen.getByRole('textbox', { name: /Comment/ }), 'customer can wait');
    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(await screen.findByText('rush_order title: Rejected.')).toBeInTheDocument();
    expect(calls[0]?.body).toEqual({ verdict: 'reject', comment: 'customer can wait' });
  });

  it('edits the drafted customer message before approving it', async () => {
    const calls = mockFetch({ [DECIDE]: decided({ gate: 'customer_escalation', verdict: 'edit' }) });
    renderWithProviders(<DecisionForm approval={approval('customer_escalation')} />);
    await userEvent.click(screen.getByRole('radio', { name: 'Edit and approve' }));
    const subject = screen.getByRole('textbox', { name: 'Subject' });
    expect(subject).toHaveValue('Revised delivery for J-24080');
    await userEvent.clear(subject);
    await userEvent.type(subject, 'New date for J-24080');
    await userEvent.type(screen.getByRole('textbox', { name: /Comment/ }), 'friendlier subject');
    await userEvent.click(screen.getByRole('button', { name: 'Approve the edited action' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]?.body).toEqual({
      verdict: 'edit',
      comment: 'friendlier subject',
      action: {
        customer_id: 3,
        job_ids: [80],
        subject: 'New date for J-24080',
        body: 'Dear Nordhavn Marine,\n\nJ-24080 will ship on 2 Dec.',
        new_eta: '2026-12-02T10:00:00Z',
      },
    });
  });

  it('edits overtime windows (fewer hours) and shows the server field errors at their fields', async () => {
    const calls = mockFetch({
      [DECIDE]: {
        status: 422,
        body: {
          title: 'Invalid input',
          status: 422,
          errors: [
            { field: 'action.windows/0/end', message: 'outside the shift calendar' },
            { field: 'action.department', message: 'unknown department' },
          ],
        },
      },
    });
    renderWithProviders(<DecisionForm approval={approval('overtime', { role: 'lead' })} />);
    await userEvent.click(screen.getByRole('radio', { name: 'Edit and approve' }));
    expect(screen.getByTestId('edit-total-hours')).toHaveTextContent('6.0 h in total');
    const end = screen.getByLabelText('Window 1 end');
    await userEvent.clear(end);
    await userEvent.type(end, '2026-12-05T09:00');
    expect(screen.getByTestId('edit-total-hours')).toHaveTextContent('3.0 h in total');
    await userEvent.type(screen.getByRole('textbox', { name: /Comment/ }), 'three hours are enough');
    await userEvent.click(screen.getByRole('button', { name: 'Approve the edited action' }));
    expect(await screen.findByText('outside the shift calendar')).toBeInTheDocument();
    // A field the form has no input for is listed above the button.
    expect(screen.getByTestId('decision-error')).toHaveTextContent('action.department: unknown department');
    expect((calls[0]?.body as { action: unknown }).action).toEqual({
      department: 'Bending',
      work_center_ids: [5, 6],
      windows: [{ start: '2026-12-05T06:00:00Z', end: '2026-12-05T09:00:00Z' }],
    });
  });

  it('says so when the approval was decided meanwhile (409)', async () => {
    mockFetch({ [DECIDE]: { status: 409, body: { title: 'Conflict', status: 409, detail: 'approval 7 is not pending' } } });
    renderWithProviders(<DecisionForm approval={approval('quality_hold', { role: 'quality' })} />);
    await userEvent.click(screen.getByRole('radio', { name: 'Edit and approve' }));
    await userEvent.click(screen.getByRole('radio', { name: 'Scrap the jobs' }));
    await userEvent.type(screen.getByRole('textbox', { name: /Comment/ }), 'cracks confirmed');
    await userEvent.click(screen.getByRole('button', { name: 'Approve the edited action' }));
    expect(await screen.findByTestId('decision-conflict')).toHaveTextContent('decided or expired meanwhile');
  });
});
