import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../../../test/fetch';
import { renderWithProviders } from '../../../test/render';
import { blankMachine, MachineForm } from './MachineForm';

const fill = (label: RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const wcs = { items: [{ id: 4, code: 'LAS-A', name: 'Laser cell A', department: 'laser' }], total: 1 };

describe('MachineForm', () => {
  it('requires code and name before calling the server, then creates the machine', async () => {
    const calls = mockFetch({
      'GET /api/v1/work-centers': { body: wcs },
      'POST /api/v1/machines': (c) => ({ status: 201, body: { ...(c.body as object), id: 1, version: 1 } }),
    });
    const onClose = vi.fn();
    renderWithProviders(<MachineForm initial={blankMachine} onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findAllByText('Required')).toHaveLength(2);
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fill(/^Code/, ' LAS-9 ');
    fill(/^Name/, 'Fiber laser 9');
    fill(/^Endpoint/, 'http://agent:5000/ LAS9');
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')).toMatchObject({
      path: '/api/v1/machines',
      body: { code: 'LAS-9', name: 'Fiber laser 9', protocol: 'mqtt', endpoint: 'http://agent:5000/ LAS9', work_center_id: null, ideal_cycle_s: 0, active: true },
    });
  });

  it('shows the server refusal at its field and sends the version on update', async () => {
    const calls = mockFetch({
      'GET /api/v1/work-centers': { body: wcs },
      'PUT /api/v1/machines/3': {
        status: 400,
        body: { title: 'Bad Request', status: 400, errors: [{ field: 'endpoint', message: 'at most 500 characters' }] },
      },
    });
    renderWithProviders(
      <MachineForm initial={{ ...blankMachine, id: 3, version: 7, code: 'PUN-1', name: 'Punch', protocol: 'opcua' }} onClose={vi.fn()} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('at most 500 characters')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PUT')?.body).toMatchObject({ version: 7, code: 'PUN-1', protocol: 'opcua' });
  });
});
