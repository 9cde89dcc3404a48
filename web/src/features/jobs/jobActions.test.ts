import { describe, expect, it } from 'vitest';
import { mayCall } from '../../auth/session';
import { availableActions } from './jobActions';

const as = (role: string) => (route: string) => mayCall([role], route);

describe('availableActions', () => {
  it('offers what the status allows to a planner', () => {
    expect(availableActions({ status: 'planned' }, as('planner'))).toEqual(['release', 'hold', 'cancel', 'delete']);
    expect(availableActions({ status: 'released' }, as('planner'))).toEqual(['hold', 'cancel']);
    expect(availableActions({ status: 'on_hold' }, as('planner'))).toEqual(['unhold', 'cancel']);
    expect(availableActions({ status: 'complete' }, as('planner'))).toEqual([]);
  });

  it('offers quality only hold and unhold, operators nothing', () => {
    expect(availableActions({ status: 'released' }, as('quality'))).toEqual(['hold']);
    expect(availableActions({ status: 'on_hold' }, as('quality'))).toEqual(['unhold']);
    expect(availableActions({ status: 'released' }, as('operator'))).toEqual([]);
  });
});
