// Every user-facing string of the UI lives under src/i18n (one module per screen area), so a
// translation is a copy of en/ and wording is reviewed in one place.
import { auth } from './en/auth';
import { common } from './en/common';
import { nav } from './en/nav';
import { load } from './en/load';
import { planner } from './en/planner';

export const t = { common, nav, auth, planner, load };
