import { describe, expect, it } from 'vitest';
import { parseWebhookEvent, type ParsedWebhook, type WebhookEvent } from '../../../src/events/webhook-event';

const BOT_ID = '12345';
const SUBSCRIPTION_ID = '8f2a6c1e-3b4d-4e5f-9a0b-1c2d3e4f5a6b';

/** The envelope RingCentral wraps every notification in (RINGCENTRAL.md §3). */
function envelope<Body>(event: string, body: Body) {
  return {
    uuid: '5794186355105264737',
    event,
    timestamp: '2026-11-21T10:15:30.123Z',
    subscriptionId: SUBSCRIPTION_ID,
    ownerId: BOT_ID,
    body,
  };
}

/** A person mentions the bot in a team: "@Audit Trail Bot help". Ids arrive as numbers here. */
const postAdded = envelope('/team-messaging/v1/posts', {
  id: 5865709574,
  groupId: 1207164934,
  type: 'TextMessage',
  text: `![:Person](${BOT_ID}) help`,
  creatorId: 62288329856,
  mentions: [{ id: BOT_ID, type: 'Person', name: 'Audit Trail Bot' }],
  eventType: 'PostAdded',
  creationTime: '2026-11-21T10:15:29.870Z',
  lastModifiedTime: '2026-11-21T10:15:29.870Z',
  attachments: null,
  activity: null,
  title: null,
  iconUri: null,
  iconEmoji: null,
});

function parsedEvent(result: ParsedWebhook): WebhookEvent {
  if (!result.ok) throw new Error(`expected a notification, got: ${result.error}`);
  return result.event;
}

describe('parseWebhookEvent', () => {
  it('When a PostAdded notification mentions the bot, then it becomes a post event with string ids and the mention kept', () => {
    expect(parsedEvent(parseWebhookEvent(postAdded))).toEqual({
      kind: 'post',
      uuid: '5794186355105264737',
      subscriptionId: SUBSCRIPTION_ID,
      ownerId: BOT_ID,
      post: {
        id: '5865709574',
        groupId: '1207164934',
        type: 'TextMessage',
        text: '![:Person](12345) help',
        creatorId: '62288329856',
        eventType: 'PostAdded',
        mentions: [{ id: '12345', type: 'Person', name: 'Audit Trail Bot' }],
      },
    });
  });

  it('When a post arrives with mentions: null (a direct message), then mentions is an empty list', () => {
    const direct = envelope('/team-messaging/v1/posts', {
      ...postAdded.body,
      text: 'status',
      mentions: null,
    });

    const event = parsedEvent(parseWebhookEvent(direct));

    expect(event.kind).toBe('post');
    if (event.kind !== 'post') return;
    expect(event.post.mentions).toEqual([]);
    expect(event.post.text).toBe('status');
  });

  it('When a Card post arrives with text: null, then the text is an empty string', () => {
    const card = envelope('/team-messaging/v1/posts', { ...postAdded.body, type: 'Card', text: null, creatorId: BOT_ID });

    const event = parsedEvent(parseWebhookEvent(card));

    expect(event.kind === 'post' && event.post.text).toBe('');
  });

  it('When the event URL carries the server host, then it is still recognised as a post', () => {
    const event = parsedEvent(
      parseWebhookEvent({ ...postAdded, event: 'https://platform.ringcentral.com/team-messaging/v1/posts' }),
    );

    expect(event.kind).toBe('post');
  });

  it('When a posts notification has a body that is not a post (PostRemoved without creator), then it is ignored as unknown, not rejected', () => {
    const removed = envelope('/team-messaging/v1/posts', { id: '5865709574', eventType: 'PostRemoved' });

    expect(parseWebhookEvent(removed)).toEqual({
      ok: true,
      event: {
        kind: 'unknown',
        uuid: '5794186355105264737',
        subscriptionId: SUBSCRIPTION_ID,
        ownerId: BOT_ID,
        event: '/team-messaging/v1/posts',
        reason: 'post body does not match',
      },
    });
  });

  it('When the bot is added to a team (GroupJoined), then it becomes a chat event with the members', () => {
    const joined = envelope('/team-messaging/v1/chats', {
      id: '1207164934',
      name: 'Security Alerts',
      description: null,
      type: 'Team',
      status: 'Active',
      members: ['62288329856', BOT_ID, 62288330001],
      isPublic: false,
      creationTime: '2026-11-21T09:00:00.000Z',
      lastModifiedTime: '2026-11-21T10:00:00.000Z',
      eventType: 'GroupJoined',
    });

    expect(parsedEvent(parseWebhookEvent(joined))).toEqual({
      kind: 'chat',
      uuid: '5794186355105264737',
      subscriptionId: SUBSCRIPTION_ID,
      ownerId: BOT_ID,
      chat: {
        id: '1207164934',
        name: 'Security Alerts',
        type: 'Team',
        members: ['62288329856', '12345', '62288330001'],
        eventType: 'GroupJoined',
      },
    });
  });

  it('When the bot extension is deleted (uninstall), then it becomes an extension event with the id and Delete', () => {
    const deleted = envelope('/restapi/v1.0/account/37439510/extension/12345', {
      extensionId: 12345,
      eventType: 'Delete',
      hints: ['AccountSettings'],
    });

    expect(parsedEvent(parseWebhookEvent(deleted))).toEqual({
      kind: 'extension',
      uuid: '5794186355105264737',
      subscriptionId: SUBSCRIPTION_ID,
      ownerId: BOT_ID,
      extensionId: '12345',
      eventType: 'Delete',
    });
  });

  it.each([
    '/restapi/v1.0/subscription/~?threshold=60&interval=15',
    `/restapi/v1.0/subscription/${SUBSCRIPTION_ID}?threshold=60&interval=15`,
  ])('When the renewal reminder arrives as %s, then it becomes a subscription-reminder', (event) => {
    const reminder = envelope(event, {
      id: SUBSCRIPTION_ID,
      creationTime: '2026-11-21T09:00:00.000Z',
      status: 'Active',
      uri: `https://platform.ringcentral.com/restapi/v1.0/subscription/${SUBSCRIPTION_ID}`,
      eventFilters: ['/team-messaging/v1/posts'],
      expirationTime: '2026-11-21T10:16:30.000Z',
      expiresIn: 60,
      deliveryMode: { transportType: 'WebHook', encryption: false, address: 'https://audit-bot.example.com/bot/webhook' },
    });

    expect(parsedEvent(parseWebhookEvent(reminder))).toEqual({
      kind: 'subscription-reminder',
      uuid: '5794186355105264737',
      subscriptionId: SUBSCRIPTION_ID,
      ownerId: BOT_ID,
    });
  });

  it('When a notification arrives for a filter the bot does not handle, then it is accepted as unknown with the event named', () => {
    const presence = envelope('/restapi/v1.0/account/37439510/extension/62288329856/presence', {
      extensionId: 62288329856,
      presenceStatus: 'Available',
    });

    const result = parseWebhookEvent(presence);

    expect(result).toEqual({
      ok: true,
      event: {
        kind: 'unknown',
        uuid: '5794186355105264737',
        subscriptionId: SUBSCRIPTION_ID,
        ownerId: BOT_ID,
        event: '/restapi/v1.0/account/37439510/extension/62288329856/presence',
        reason: 'event filter not handled',
      },
    });
  });

  it.each([
    ['a string', 'hello'],
    ['null', null],
    ['an array', [postAdded]],
  ])('When the body is %s, then it is refused as not a RingCentral notification', (_label, body) => {
    const result = parseWebhookEvent(body);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe('The body is not a RingCentral notification: it is not a JSON object of that shape.');
  });

  it('When the envelope has no event, then it is refused and the error names the missing field', () => {
    const { event: _event, ...withoutEvent } = postAdded;

    const result = parseWebhookEvent(withoutEvent);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe('The body is not a RingCentral notification: it has no event.');
  });

  it('When a post arrives under the legacy /restapi/v1.0/glip/posts path, then body.eventType makes it a post event', () => {
    const legacy = { ...postAdded, event: '/restapi/v1.0/glip/posts' };

    const event = parsedEvent(parseWebhookEvent(legacy));

    expect(event).toMatchObject({ kind: 'post', post: { id: '5865709574', groupId: '1207164934', eventType: 'PostAdded' } });
  });

  it('When a chat event arrives under a legacy glip path with ids in place of ~, then body.eventType makes it a chat event', () => {
    const joined = envelope('/restapi/v1.0/account/37439510/extension/12345/glip/groups', {
      id: 1207164934,
      name: 'Security Operations',
      type: 'Team',
      members: [BOT_ID, 62288329856],
      eventType: 'GroupJoined',
    });

    const event = parsedEvent(parseWebhookEvent(joined));

    expect(event).toMatchObject({ kind: 'chat', chat: { id: '1207164934', members: ['12345', '62288329856'], eventType: 'GroupJoined' } });
  });

  it('When an unrecognised path carries an extension Delete body, then it becomes the extension event (uninstall is not missed)', () => {
    const deleted = envelope('/restapi/v1.0/account/37439510/extension/12345/presence-legacy', { extensionId: 12345, eventType: 'Delete' });

    expect(parsedEvent(parseWebhookEvent(deleted))).toMatchObject({ kind: 'extension', extensionId: '12345', eventType: 'Delete' });
  });

  it('When an unrecognised path carries a body whose eventType says nothing we know, then it stays unknown', () => {
    const odd = envelope('/restapi/v1.0/glip/everything', { eventType: 'SomethingNew' });

    expect(parsedEvent(parseWebhookEvent(odd))).toMatchObject({ kind: 'unknown', reason: 'event filter not handled' });
  });
});

describe('parseWebhookEvent with hostile input', () => {
  const post = (overrides: Record<string, unknown>) =>
    envelope('/team-messaging/v1/posts', { id: '5843200012', groupId: '1207164934', type: 'TextMessage', text: 'help', creatorId: '62288329856', eventType: 'PostAdded', ...overrides });

  it.each([
    ['a NUL byte in the group id', { groupId: '3000005\u0000help' }],
    ['a lone surrogate in the group id', { groupId: '12071\uD800' }],
    ['an object as the creator id', { creatorId: { $gt: '' } }],
    ['an array as the post id', { id: ['5843200012'] }],
    ['a negative number as the group id', { groupId: -1 }],
    ['a NUL byte in the text', { text: 'he\u0000lp' }],
    ['an escape sequence in the text', { text: '\u001b[31mhelp' }],
    ['a lone surrogate in the text', { text: 'help \uDC00' }],
    ['text of 20,001 characters', { text: 'h'.repeat(20_001) }],
    ['a 200-character group id', { groupId: '1'.repeat(200) }],
    ['a deep object in the mentions', { mentions: [{ id: { a: { b: {} } }, type: 'Person' }] }],
  ])('When a post carries %s, then it is ignored as unknown (200, nothing done), never handled', (_what, overrides) => {
    expect(parsedEvent(parseWebhookEvent(post(overrides)))).toMatchObject({ kind: 'unknown', reason: 'post body does not match' });
  });

  it('When a post has newlines and tabs, emoji and accents in its text, then it is read as it is', () => {
    const text = 'notify here\n\tplease 👍 — Zoë';
    expect(parsedEvent(parseWebhookEvent(post({ text })))).toMatchObject({ kind: 'post', post: { text } });
  });

  it.each([
    ['a NUL byte in ownerId', { ownerId: '12345\u0000' }],
    ['odd unicode in ownerId', { ownerId: '１２３４５' }],
    ['an object as ownerId', { ownerId: { id: '12345' } }],
    ['a lone surrogate in the event', { event: '/team-messaging/v1/posts\uD83D' }],
    ['a number as the event', { event: 42 }],
    ['an event path of 5,000 characters', { event: `/team-messaging/v1/posts?${'x'.repeat(5000)}` }],
    ['a control character in the uuid', { uuid: 'abc\u0007' }],
  ])('When the envelope carries %s, then it is refused as not a notification', (_what, overrides) => {
    const result = parseWebhookEvent({ ...post({}), ...overrides });
    expect(result.ok).toBe(false);
  });
});

describe('parseWebhookEvent refusals, in one plain sentence', () => {
  const post = envelope('/team-messaging/v1/posts', { id: '5843200012', groupId: '1207164934', type: 'TextMessage', text: 'help', creatorId: '62288329856', eventType: 'PostAdded' });
  it.each([
    ['a NUL byte in ownerId', { ownerId: '12345\u0000' }, 'The body is not a RingCentral notification: ownerId must be an id (printable ASCII without spaces).'],
    ['an object as ownerId', { ownerId: { id: '12345' } }, 'The body is not a RingCentral notification: ownerId should be text or a number.'],
    ['a number as the event', { event: 42 }, 'The body is not a RingCentral notification: event should be text.'],
    ['a control character in the uuid', { uuid: 'abc\u0007' }, 'The body is not a RingCentral notification: uuid must be printable ASCII without spaces.'],
  ])('When the envelope carries %s, then the refusal says which field and what it must be', (_what, overrides, sentence) => {
    const result = parseWebhookEvent({ ...post, ...overrides });
    expect(!result.ok && result.error).toBe(sentence);
  });
});
