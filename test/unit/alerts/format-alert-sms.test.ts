import { describe, expect, it } from 'vitest';
import { formatAlertSentence, formatAlertSms, SMS_MAX_UTF16, SMS_OPT_OUT } from '../../../src/alerts/format-alert-sms';
import { describeAuditRecord, type AuditFacts } from '../../../src/catalog/describe-audit-record';
import { EVENT_KEYS, type EventKey } from '../../../src/catalog/event-catalog';
import { DEPARTMENT_CHANGE, EVENT_RECORDS, POLL_TIME, parsed, rawRecord } from '../catalog/audit-record-fixtures';

const LA = 'America/Los_Angeles';
const factsOf = (raw: unknown): AuditFacts => describeAuditRecord(parsed(raw), POLL_TIME);
const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const SENTENCES: Record<EventKey, string> = {
  'mfa-company-off':
    'Apr 24, 2025 => 2:12 pm: MFA turned off for Company by: Peter Beck MacIntyre. Affected Element: [Multi-factor authentication] The target of the change was: Lakeside Community College',
  'mfa-company-on':
    'Apr 24, 2025 => 2:12 pm: MFA turned on for Company by: Peter Beck MacIntyre. Affected Element: [Multi-factor authentication] The target of the change was: Lakeside Community College',
  '2fa-user-off':
    'Apr 24, 2025 => 2:12 pm: 2FA turned off per user by: Peter Beck MacIntyre. Affected Element: [2-step verification] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
  '2fa-user-on':
    'Apr 24, 2025 => 2:12 pm: 2FA turned on per user by: Peter Beck MacIntyre. Affected Element: [2-step verification] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
  'fac-user-enabled':
    'Apr 24, 2025 => 2:12 pm: Enabled Forward All Calls per user rule by: Peter Beck MacIntyre. Affected Element: [Forward all calls] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
  'fac-user-disabled':
    'Apr 24, 2025 => 2:12 pm: Disabled Forward All Calls per user rule by: Peter Beck MacIntyre. Affected Element: [Forward all calls] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
  'fac-company-changed':
    'Apr 24, 2025 => 2:12 pm: Forward All Company Calls changed by: Peter Beck MacIntyre. Affected Element: [Play company greeting] old value / current action: [Play company greeting] new value: [Forward to extension 12000] The target of the change was: Lakeside Community College',
  'guest-communications-changed':
    'Apr 24, 2025 => 2:12 pm: External guest communications toggle changed by: Peter Beck MacIntyre. Affected Element: [External guest communications] old value / current action: [Off] new value: [On] The target of the change was: Lakeside Community College',
  'file-sharing-changed':
    'Apr 24, 2025 => 2:12 pm: Team Messaging file sharing changed by: Peter Beck MacIntyre. Affected Element: [File sharing] old value / current action: [Enabled] new value: [Disabled] The target of the change was: Lakeside Community College',
  'user-info-department':
    'Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre. Affected Element: [Department] old value / current action: [Biology] new value: [Mathematics] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
  'user-info-record-user-name':
    'Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre. Affected Element: [Record User Name] old value / current action: [Peter MacIntyre] new value: [Peter B MacIntyre] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
  'user-info-email':
    'Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre. Affected Element: [Email] old value / current action: [peter.macintyre@lakeside.edu] new value: [p.macintyre@lakeside.edu] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
  'user-info-contact-phone':
    'Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre. Affected Element: [ContactPhone] old value / current action: [+16505550143] new value: [+16505550199] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
  'user-info-first-name':
    'Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre. Affected Element: [FirstName] old value / current action: [Peter] new value: [Pete] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
  'user-info-last-name':
    'Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre. Affected Element: [LastName] old value / current action: [MacIntyre] new value: [McIntyre] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
  'user-info-job-title':
    'Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre. Affected Element: [JobTitle] old value / current action: [Lecturer] new value: [Senior Lecturer] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
  'user-info-mobile-phone':
    'Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre. Affected Element: [MobilePhone] old value / current action: [+16505550170] new value: [+16505550188] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
};

/** A job-title change whose new value is `newValue`, to probe the length limit. */
const jobTitleTo = (newValue: string): AuditFacts =>
  factsOf(rawRecord('CHANGE_USER_INFO:USER', ['JobTitle', 'Contact Information', 'Lecturer', newValue]));

describe('formatAlertSms', () => {
  it("When the guide's Department change happens at 21:12 UTC, then the Los Angeles SMS reads exactly as the product guide shows it", () => {
    expect(formatAlertSms(factsOf(DEPARTMENT_CHANGE), LA)).toBe(
      'Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre. Affected Element: [Department] old value / current action: [Biology] new value: [Mathematics] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004) To opt out at any time, simply reply with STOP.',
    );
  });

  it.each(EVENT_KEYS.map((key) => [key] as const))('When a %s record arrives, then the sentence reads as expected', (key) => {
    const facts = factsOf(EVENT_RECORDS[key]);
    expect(formatAlertSentence(facts, LA)).toBe(SENTENCES[key]);
    expect(formatAlertSms(facts, LA)).toBe(`${SENTENCES[key]} ${SMS_OPT_OUT}`);
  });

  it('When it is a test alert, then the SMS starts with "[TEST] " and is otherwise the same', () => {
    expect(formatAlertSms(factsOf(DEPARTMENT_CHANGE), LA, { test: true })).toBe(
      `[TEST] ${SENTENCES['user-info-department']} To opt out at any time, simply reply with STOP.`,
    );
  });

  it('When the zone is Tokyo, then the date and time are the next morning there', () => {
    const facts = factsOf(rawRecord('ENFORCE_MFA_ACCOUNT', ['Multi-factor authentication'], { eventTime: '2025-04-24T23:30:00Z', target: null }));
    expect(formatAlertSentence(facts, 'Asia/Tokyo')).toBe(
      'Apr 25, 2025 => 8:30 am: MFA turned on for Company by: Peter Beck MacIntyre. Affected Element: [Multi-factor authentication]',
    );
  });

  it('When the event is just after midnight, then the hour reads 12', () => {
    const facts = factsOf(rawRecord('ENFORCE_MFA_ACCOUNT', [], { eventTime: '2025-01-03T08:05:00Z', target: null }));
    expect(formatAlertSentence(facts, LA)).toBe('Jan 3, 2025 => 12:05 am: MFA turned on for Company by: Peter Beck MacIntyre.');
  });

  it('When the zone is not a real zone, then UTC is used and the time says so', () => {
    expect(formatAlertSentence(factsOf(DEPARTMENT_CHANGE), 'Mars/Olympus_Mons')).toMatch(/^Apr 24, 2025 => 9:12 pm UTC: User account information changed by:/);
    expect(formatAlertSentence(factsOf(DEPARTMENT_CHANGE), '')).toMatch(/^Apr 24, 2025 => 9:12 pm UTC: /);
  });
});

describe('formatAlertSms: missing parts are left out', () => {
  it('When the initiator has no name, then there is no "by:" and the description ends the first sentence', () => {
    const raw = rawRecord('CHANGE_USER_INFO:USER', ['Department', 'Biology', 'Mathematics'], { initiator: { extensionId: '1983002004' } });
    expect(formatAlertSentence(factsOf(raw), LA)).toBe(
      'Apr 24, 2025 => 2:12 pm: User account information changed. Affected Element: [Department] old value / current action: [Biology] new value: [Mathematics] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
    );
  });

  it('When there is no old value, then no empty brackets are shown', () => {
    const raw = rawRecord('CHANGE_USER_INFO:USER', ['Department', '', 'Mathematics']);
    expect(formatAlertSentence(factsOf(raw), LA)).toBe(
      'Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre. Affected Element: [Department] new value: [Mathematics] The target of the change was: Peter B MacIntyre 44 at: 1983009004 (ext: 12004)',
    );
  });

  it('When the target has no name, then the object id follows "was:" directly', () => {
    const raw = rawRecord('UNFORCE_MFA_EXTENSION', ['2-step verification'], { target: { objectId: '1983009004', extensionNumber: '12004' } });
    expect(formatAlertSentence(factsOf(raw), LA)).toBe(
      'Apr 24, 2025 => 2:12 pm: 2FA turned off per user by: Peter Beck MacIntyre. Affected Element: [2-step verification] The target of the change was: 1983009004 (ext: 12004)',
    );
  });

  it('When the target has no extension number, then there is no "(ext: )"', () => {
    const raw = rawRecord('UNFORCE_MFA_EXTENSION', ['2-step verification'], { target: { objectId: '1983009004', name: 'Front Desk' } });
    expect(formatAlertSentence(factsOf(raw), LA)).toBe(
      'Apr 24, 2025 => 2:12 pm: 2FA turned off per user by: Peter Beck MacIntyre. Affected Element: [2-step verification] The target of the change was: Front Desk at: 1983009004',
    );
  });

  it('When the record has no initiator, target or parameters, then only the time and description are left', () => {
    const raw = rawRecord('UNFORCE_MFA_ACCOUNT', [], { initiator: undefined, target: undefined, details: undefined });
    const sms = formatAlertSms(factsOf(raw), LA);
    expect(sms).toBe('Apr 24, 2025 => 2:12 pm: MFA turned off for Company. To opt out at any time, simply reply with STOP.');
    expect(sms).not.toMatch(/\[\]|by: \.|\(ext: \)|was: $/);
  });

  it('When a value spans lines, then it is shown on one line', () => {
    const raw = rawRecord('CHANGE_USER_INFO:USER', ['JobTitle', 'Contact Information', 'Lecturer', 'Senior\n  Lecturer']);
    expect(formatAlertSentence(factsOf(raw), LA)).toContain('new value: [Senior Lecturer]');
  });
});

describe('formatAlertSms: the 1000-unit limit', () => {
  it('When the new value is 3000 characters of words, then the SMS is cut at a word boundary to at most 1000 units and the opt-out is whole', () => {
    const words = Array.from({ length: 600 }, (_, i) => `lecturer${i}`).join(' ').slice(0, 3000);
    const facts = jobTitleTo(words);
    const full = formatAlertSentence(facts, LA);
    const sms = formatAlertSms(facts, LA);

    expect(sms.length).toBeLessThanOrEqual(SMS_MAX_UTF16);
    expect(sms.length).toBeGreaterThan(SMS_MAX_UTF16 - 20);
    expect(sms.endsWith('… To opt out at any time, simply reply with STOP.')).toBe(true);
    const kept = sms.slice(0, sms.length - '… To opt out at any time, simply reply with STOP.'.length);
    expect(full.startsWith(kept)).toBe(true);
    expect(full.charAt(kept.length)).toBe(' ');
    expect(kept).toMatch(/ lecturer\d+$/);
  });

  it('When the sentence with the opt-out is exactly 1000 units, then nothing is cut', () => {
    const base = formatAlertSms(jobTitleTo('x'), LA).length - 1;
    const sms = formatAlertSms(jobTitleTo('y'.repeat(SMS_MAX_UTF16 - base)), LA);
    expect(sms.length).toBe(SMS_MAX_UTF16);
    expect(sms).not.toContain('…');
  });

  it('When emoji push the SMS past 1000 UTF-16 units although it has fewer than 1000 characters, then it is cut', () => {
    const base = formatAlertSms(jobTitleTo('x'), LA).length - 1;
    const room = SMS_MAX_UTF16 - base;
    const fits = `${'😀'.repeat(Math.floor(room / 2))}${room % 2 === 1 ? 'x' : ''}`;
    expect(formatAlertSms(jobTitleTo(fits), LA).length).toBe(SMS_MAX_UTF16);
    expect(formatAlertSms(jobTitleTo(fits), LA)).not.toContain('…');

    const over = `${fits}😀`;
    const uncut = `${formatAlertSentence(jobTitleTo(over), LA)} ${SMS_OPT_OUT}`;
    expect([...uncut].length).toBeLessThan(SMS_MAX_UTF16);
    expect(uncut.length).toBeGreaterThan(SMS_MAX_UTF16);
    const sms = formatAlertSms(jobTitleTo(over), LA);
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX_UTF16);
    expect(sms.endsWith(`… ${SMS_OPT_OUT}`)).toBe(true);
  });

  it('When the new value is 1500 emoji, then the cut never splits one in half', () => {
    const sms = formatAlertSms(jobTitleTo('😀'.repeat(1500)), LA);
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX_UTF16);
    expect(sms).not.toMatch(lone);
    expect(sms).toMatch(/😀… To opt out at any time, simply reply with STOP\.$/);
  });

  it('When the new value is family emoji joined by zero-width joiners, then the cut keeps whole families', () => {
    const family = '👩‍👩‍👧‍👦';
    const sms = formatAlertSms(jobTitleTo(family.repeat(200)), LA);
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX_UTF16);
    expect(sms).toMatch(new RegExp(`\\[(${family})+… To opt out`, 'u'));
  });

  it('When a long test alert is cut, then "[TEST] " and the opt-out both stay and the whole is at most 1000 units', () => {
    const sms = formatAlertSms(jobTitleTo('Senior Lecturer in Applied Mathematics and Statistics '.repeat(60)), LA, { test: true });
    expect(sms.startsWith('[TEST] Apr 24, 2025 => 2:12 pm: User account information changed by: Peter Beck MacIntyre.')).toBe(true);
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX_UTF16);
    expect(sms).toMatch(/ [A-Za-z]+… To opt out at any time, simply reply with STOP\.$/);
  });
});
