import { describe, expect, it } from 'vitest';
import { renderCard } from '../../../src/cards/render-card';
import { cardToText } from '../../../src/demo/card-to-text';

describe('cardToText', () => {
  it('When an alert card is rendered as text, then the severity, the headline, who and when, each fact and each button read as lines, without the schema', () => {
    const card = renderCard('alert', {
      fallbackText: 'MFA turned OFF for the whole company',
      headline: 'MFA turned OFF for the whole company',
      severityWord: 'Critical',
      severityStyle: 'attention',
      severityColor: 'Attention',
      byLine: 'By Peter Beck MacIntyre (ext 101, Super Admin) · Apr 24, 2:12 pm PDT',
      test: false,
      status: '',
      note: '',
      actorLine: '',
      actorColor: 'Default',
      facts: [
        { title: 'Setting', value: 'Multi-factor authentication' },
        { title: 'Affected', value: 'Sunnyvale Biology Labs' },
      ],
      adminId: '1983002004',
      accountId: '1983001004',
      source: 'ringex',
      recordId: 'a4c1f0e2',
      version: 0,
      canAcknowledge: true,
      canExpect: true,
      canResolve: false,
      canReopen: false,
      portalUrl: 'https://service.ringcentral.com',
    });

    expect(cardToText(card)).toBe(
      [
        'Critical',
        'MFA turned OFF for the whole company',
        'By Peter Beck MacIntyre (ext 101, Super Admin) · Apr 24, 2:12 pm PDT',
        'Setting: Multi-factor authentication',
        'Affected: Sunnyvale Biology Labs',
        '[Optional note for Expected change (one line)]',
        '[Button: Acknowledge]',
        '[Button: Expected change]',
        '[Button: Open audit trail]',
      ].join('\n'),
    );
    expect(cardToText(card)).not.toContain('adaptivecards.io');
  });

  it('When a settings card has containers, columns, inputs and buttons, then each reads in order: inputs as [label: value], buttons as [Button: title]', () => {
    const card = {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.3',
      body: [
        { type: 'TextBlock', text: 'Account directives', size: 'Large', weight: 'Bolder', wrap: true },
        { type: 'Container', style: 'emphasis', items: [{ type: 'TextBlock', text: 'Saved.', weight: 'Bolder' }] },
        { type: 'Input.Toggle', id: 'smsEnabled', title: 'Send alerts by SMS', valueOn: 'true', valueOff: 'false', value: 'true' },
        {
          type: 'Input.ChoiceSet',
          id: 'smsSender',
          label: 'Send from',
          value: '+16505550100',
          choices: [
            { title: '+1 650-555-0100 (Peter MacIntyre)', value: '+16505550100' },
            { title: '+1 650-555-0199 (Main)', value: '+16505550199' },
          ],
        },
        { type: 'Input.Text', id: 'recipient1', style: 'tel', placeholder: '+1 650 555 0100', value: '+16505550101' },
        { type: 'Input.Text', id: 'recipient2', style: 'tel', placeholder: '+1 650 555 0101', value: '' },
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: 'Team chats' }] },
            { type: 'Column', width: 'stretch', items: [{ type: 'FactSet', facts: [{ title: 'Alert chats', value: 'Security Operations' }] }] },
          ],
        },
        { type: 'TextBlock', text: '   ' },
      ],
      actions: [
        { type: 'Action.Submit', title: 'Save', data: { action: 'saveDirectives', adminId: '1983009002' } },
        { type: 'Action.OpenUrl', title: 'Help', url: 'https://support.ringcentral.com/' },
      ],
    };

    expect(cardToText(card).split('\n')).toEqual([
      'Account directives',
      'Saved.',
      '[Send alerts by SMS: on]',
      '[Send from: +1 650-555-0100 (Peter MacIntyre)]',
      '[+1 650 555 0100: +16505550101]',
      '[+1 650 555 0101]',
      'Team chats',
      'Alert chats: Security Operations',
      '[Button: Save]',
      '[Button: Help]',
    ]);
  });
});
