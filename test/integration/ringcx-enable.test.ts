import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';
import { configuredWorld, latestCard, latestText, type ConfiguredWorld } from '../support/world';

let h: Harness;
let world: ConfiguredWorld;
beforeEach(async () => {
  h = await startHarness();
  world = await configuredWorld(h);
});
afterEach(async () => {
  expect(h.sim.specViolations).toEqual([]);
  await h.stop();
});

/** Gives the world's account RingCX with two sub-accounts, as RingCX provisioning would. */
function addRingcx(): { main: string; subs: string[] } {
  const account = h.sim.account(world.accountId)!;
  account.ringcx = {
    mainAccountId: '15001',
    subAccounts: [
      { accountId: '15001001', accountName: 'Sunnyvale Support Desk' },
      { accountId: '15001002', accountName: 'Sunnyvale Outbound Sales' },
    ],
  };
  return { main: '15001', subs: ['15001001', '15001002'] };
}

async function say(text: string): Promise<string | undefined> {
  await h.sim.sendChatMessage({ chatId: world.dmId, fromId: world.adminId, text });
  await h.settle();
  return latestText(h, world.botId, world.dmId);
}

const exchanges = () => h.sim.requests.filter((r) => r.path === '/api/auth/login/rc/accesstoken').length;

describe('Enabling RingCX alerts', () => {
  it('When an admin with Audit log access types ringcx on, then both sub-accounts and every entity type are watched and the token is stored sealed', async () => {
    addRingcx();
    const text = await say('ringcx on');
    expect(text).toContain('RingCX alerts are on for all 2 sub-accounts (Sunnyvale Support Desk, Sunnyvale Outbound Sales), all 6 entity types, actions CREATE, UPDATE, DELETE.');
    expect(text).toContain('15-minute windows, 5 minutes after each closes');
    const settings = await h.app.deps.db.ringcx.settings(world.accountId, world.adminId);
    expect(settings).toMatchObject({ enabled: true, watchedSubAccounts: null, entityFilter: null, actionFilter: ['CREATE', 'UPDATE', 'DELETE'], ignoredUsers: [] });
    expect(settings.entities.map((e) => e.name)).toEqual(['Agent', 'AgentGroup', 'Campaign', 'Gate', 'GateGroup', 'User']);
    expect(exchanges()).toBe(1);
    const row = await h.app.deps.db.ringcx.tokens.load(world.accountId);
    expect(row?.accessToken).toMatch(/^RCX/);
    const [raw] = (await h.app.deps.db.sequelize.query('SELECT access_token_enc, refresh_token_enc FROM ringcx_tokens', { plain: false })) as [Record<string, string>[], unknown];
    expect(raw[0]!.access_token_enc).not.toContain(row!.accessToken);
    expect(raw[0]!.refresh_token_enc).not.toContain(row!.refreshToken!);

    expect(await say('ringcx off')).toBe('RingCX alerts are off. Your RingCX filters are kept; type ringcx on to resume.');
    expect((await h.app.deps.db.ringcx.settings(world.accountId, world.adminId)).enabled).toBe(false);
  });

  it('When the account has no RingCX, then ringcx on is refused clearly and nothing is saved', async () => {
    const text = await say('ringcx on');
    expect(text).toContain('RingCX refused your RingCentral login (The RingCentral account has no RingCX)');
    expect(text).toContain('Nothing was changed.');
    expect((await h.app.deps.db.ringcx.settings(world.accountId, world.adminId)).enabled).toBe(false);
    expect(await h.app.deps.db.ringcx.tokens.load(world.accountId)).toBeUndefined();
  });

  it('When the admin lacks Audit log access, then ringcx on says so and what to ask for, and keeps no token', async () => {
    addRingcx();
    h.sim.extension(world.adminId)!.ringcxAuditAccess = false;
    const text = await say('ringcx on');
    expect(text).toContain('You lack "Audit log access" in RingCX');
    expect(text).toContain('Audit log access), then type ringcx on again. Nothing was changed.');
    expect((await h.app.deps.db.ringcx.settings(world.accountId, world.adminId)).enabled).toBe(false);
    expect(await h.app.deps.db.ringcx.tokens.load(world.accountId)).toBeUndefined();
  });

  it('When filters are typed, then they are saved; unknown names are refused with the known ones', async () => {
    addRingcx();
    expect(await say('ringcx entities agent')).toBe('Turn RingCX alerts on first: type ringcx on.');
    await say('ringcx on');
    expect(await say('ringcx entities Agent campaign')).toBe('Saved. RingCX entity types: Agent, Campaign.');
    expect(await say('ringcx entities Queue')).toBe('"Queue" is not a RingCX entity type I know. Known: Agent, AgentGroup, Campaign, Gate, GateGroup, User.');
    expect(await say('ringcx actions update DELETE')).toBe('Saved. RingCX actions: UPDATE, DELETE.');
    expect(await say('ringcx actions rename')).toBe('"rename" is not a RingCX action. Use create, update or delete.');
    expect(await say('ringcx ignore svc.sync@example.com')).toBe('Saved. RingCX changes by svc.sync@example.com send no alert. Ignored users: svc.sync@example.com.');
    expect(await say('ringcx accounts 15001002')).toBe('Saved. RingCX sub-accounts: Sunnyvale Outbound Sales (15001002).');
    expect(await h.app.deps.db.ringcx.settings(world.accountId, world.adminId)).toMatchObject({
      entityFilter: ['Agent', 'Campaign'],
      actionFilter: ['UPDATE', 'DELETE'],
      ignoredUsers: ['svc.sync@example.com'],
      watchedSubAccounts: ['15001002'],
    });
    expect(await say('ringcx unignore svc.sync@example.com')).toBe('Saved. RingCX changes by svc.sync@example.com send alerts again. Ignored users: (none).');
    expect(await say('ringcx entities all')).toBe('Saved. RingCX entity types: all 6 entity types.');
  });

  it('When the admin changes events and the RingCX section and presses the card\'s one Save, then both are saved, the card shows what changed, and the status card shows RingCX', async () => {
    addRingcx();
    await say('events');
    expect(JSON.stringify(latestCard(h, world.botId, world.dmId)!.body)).toContain('type ringcx on');
    await say('ringcx on');
    await say('events');
    const card = latestCard(h, world.botId, world.dmId)!;
    expect(JSON.stringify(card.body)).not.toContain('Save RingCX');
    expect(JSON.stringify(card.body).match(/"title":"Save"/g)).toHaveLength(1);
    const answer = await h.sim.clickCard({
      cardId: card.id,
      userId: world.adminId,
      action: 'Save',
      inputs: { 'evt_file-sharing-changed': 'false', rcx_enabled: 'true', rcx_subAccounts: '15001002', rcx_entities: 'Agent,Gate', rcx_actions: 'DELETE', rcx_ignored: 'svc.sync@example.com, bulk.import@example.com' },
      url: `${h.url}/interactive-messages`,
    });
    expect(answer.status).toBe(200);
    await h.settle();
    expect(latestText(h, world.botId, world.dmId)).toBe(
      'Saved. Events: off: Team Messaging file sharing changed Saved. RingCX: On · Sunnyvale Outbound Sales (15001002) · Agent, Gate · DELETE · ignoring svc.sync@example.com, bulk.import@example.com.',
    );
    expect((await h.app.deps.db.settings.find(world.accountId, world.adminId))?.eventKeys).not.toContain('file-sharing-changed');
    const saved = h.sim.cards.find((c) => c.id === card.id)!;
    const box = (saved.body as { body: { type: string; style?: string; items?: { text: string }[] }[] }).body[2]!;
    expect(box).toMatchObject({ type: 'Container', style: 'good' });
    expect(box.items!.map((i) => i.text)).toEqual([
      'Saved',
      'Events: off: Team Messaging file sharing changed',
      'RingCX: On · Sunnyvale Outbound Sales (15001002) · Agent, Gate · DELETE · ignoring svc.sync@example.com, bulk.import@example.com.',
    ]);
    expect(await h.app.deps.db.ringcx.settings(world.accountId, world.adminId)).toMatchObject({
      enabled: true,
      watchedSubAccounts: ['15001002'],
      entityFilter: ['Agent', 'Gate'],
      actionFilter: ['DELETE'],
      ignoredUsers: ['svc.sync@example.com', 'bulk.import@example.com'],
    });
    await say('status');
    expect(JSON.stringify(latestCard(h, world.botId, world.dmId)!.body)).toContain('"title":"RingCX","value":"On · Sunnyvale Outbound Sales (15001002)');
  });
});
