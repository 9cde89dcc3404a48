// Every user-facing string of the UI lives under src/i18n (one module per screen area), so a
// translation is a copy of en/ and wording is reviewed in one place.
import { admin } from './en/admin';
import { agents } from './en/agents';
import { approvals } from './en/approvals';
import { auth } from './en/auth';
import { common } from './en/common';
import { dashboard } from './en/dashboard';
import { departments } from './en/departments';
import { jobs } from './en/jobs';
import { laser } from './en/laser';
import { load } from './en/load';
import { machines } from './en/machines';
import { materials } from './en/materials';
import { nav } from './en/nav';
import { planner } from './en/planner';
import { terminal } from './en/terminal';
import { travellers } from './en/travellers';

export const t = {
  common,
  nav,
  auth,
  admin,
  jobs,
  materials,
  planner,
  load,
  departments,
  terminal,
  travellers,
  dashboard,
  machines,
  laser,
  approvals,
  agents,
};
