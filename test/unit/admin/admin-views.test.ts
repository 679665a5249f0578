import { describe, expect, it } from 'vitest';
import { alertState, eventGroupRows } from '../../../src/admin/admin-views';
import { EVENT_CATALOG } from '../../../src/catalog/event-catalog';
import type { AdminSettings } from '../../../src/db/admin-settings-repository';

const settings = (patch: Partial<AdminSettings>): AdminSettings =>
  ({
    accountId: '37439510',
    extensionId: '2691853004',
    version: 3,
    smsEnabled: false,
    smsSender: null,
    smsRecipients: [],
    chatsEnabled: false,
    chatIds: [],
    eventKeys: EVENT_CATALOG.map((e) => e.key),
    paused: false,
    timezone: null,
    ...patch,
  }) as AdminSettings;

describe('the menu state line', () => {
  it('When no destination is on, then it says nothing is sent and where to fix it', () => {
    expect(alertState(settings({ smsRecipients: ['+16505550101'], chatIds: ['1489354758'] }), null)).toEqual({
      state: 'Not sending: no destination is on — open settings',
      attention: true,
    });
  });

  it('When SMS is on without a sender, then those numbers do not count as sending', () => {
    expect(alertState(settings({ smsEnabled: true, smsRecipients: ['+16505550101'] }), null).state).toBe('Not sending: no destination is on — open settings');
  });

  it('When texts go to two numbers and cards to one chat, then it says so in those words', () => {
    const on = settings({ smsEnabled: true, smsSender: '+16505550100', smsRecipients: ['+16505550101', '+16505550102'], chatsEnabled: true, chatIds: ['1489354758'] });
    expect(alertState(on, null)).toEqual({ state: 'Sending to 2 numbers and 1 chat', attention: false });
    expect(alertState({ ...on, chatsEnabled: false, smsRecipients: ['+16505550101'] }, null).state).toBe('Sending to 1 number');
  });

  it('When destinations are on but no event is chosen, then it says nothing is sent', () => {
    expect(alertState(settings({ chatsEnabled: true, chatIds: ['1489354758'], eventKeys: [] }), null).state).toBe('Not sending: no event is chosen — open events');
  });

  it('When paused, then it says since when and how to resume, whatever else is on', () => {
    const paused = settings({ paused: true, chatsEnabled: true, chatIds: ['1489354758'] });
    expect(alertState(paused, 'Nov 21, 2026 4:05 pm')).toEqual({ state: 'Paused since Nov 21, 2026 4:05 pm — type resume', attention: true });
    expect(alertState(paused, null).state).toBe('Paused — type resume');
  });
});

describe('events card groups', () => {
  it('When every event of a group shares "<words>: ", then the words head the group and each toggle shows only the rest', () => {
    const group = eventGroupRows('User account information', EVENT_CATALOG.filter((e) => e.group === 'User account information'), new Set(['user-info-email']));
    expect(group.name).toBe('User account information changed');
    expect(group.events.map((e) => e.label)).toEqual(['Record User Name', 'Email', 'Contact Phone', 'First Name', 'Last Name', 'Department', 'Job Title', 'Mobile Phone']);
    expect(group.events.find((e) => e.key === 'user-info-email')).toEqual({ key: 'user-info-email', label: 'Email', on: true, severity: '' });
  });

  it('When the events of a group share no prefix, then the group keeps its name and the events their labels', () => {
    const group = eventGroupRows('Security', EVENT_CATALOG.filter((e) => e.group === 'Security'), new Set(), (e) => (e.weakensSecurity ? 'High' : 'Low'));
    expect(group.name).toBe('Security');
    expect(group.events.map((e) => [e.label, e.severity])).toEqual([
      ['MFA turned off for Company', 'High'],
      ['MFA turned on for Company', 'Low'],
      ['2FA turned off per user', 'High'],
      ['2FA turned on per user', 'Low'],
    ]);
  });
});
