import { describe, expect, it } from 'vitest';
import { mayCall } from '../../auth/session';
import { activeTab, visibleTabs } from './tabs';

const as = (...roles: string[]) => visibleTabs((route) => mayCall(roles, route));
const ids = (roles: string[]) => as(...roles).map((t) => t.id);

describe('admin tabs by role (server permission table)', () => {
  it('admin sees every tab and may write all but the audit log', () => {
    const tabs = as('admin');
    expect(tabs.map((t) => t.id)).toEqual(['users', 'work-centers', 'machines', 'calendars', 'parts', 'tools', 'customers', 'audit']);
    expect(tabs.filter((t) => !t.canWrite).map((t) => t.id)).toEqual(['audit']);
  });

  it('quality reads the audit log and master data, but not users, and writes nothing', () => {
    expect(ids(['quality'])).not.toContain('users');
    expect(ids(['quality'])).toContain('audit');
    expect(as('quality').every((t) => !t.canWrite)).toBe(true);
  });

  it('planner writes master data and calendars, sees neither users nor audit', () => {
    const tabs = as('planner');
    expect(tabs.map((t) => t.id)).toEqual(['work-centers', 'calendars', 'parts', 'tools', 'customers']);
    expect(tabs.every((t) => t.canWrite)).toBe(true);
  });

  it('lead may write tools only', () => {
    expect(as('lead').filter((t) => t.canWrite).map((t) => t.id)).toEqual(['tools']);
  });

  it('an unknown or hidden ?tab= falls back to the first visible tab', () => {
    const tabs = as('quality');
    expect(activeTab('users', tabs)?.id).toBe('work-centers');
    expect(activeTab('audit', tabs)?.id).toBe('audit');
    expect(activeTab(undefined, tabs)?.id).toBe('work-centers');
  });
});
