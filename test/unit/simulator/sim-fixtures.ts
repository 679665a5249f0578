import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RingCentralSimulator } from '../../../src/simulator';
import type { SimulatorOptions } from '../../../src/simulator';

export const BOT_APP = { clientId: 'bot-client-id', clientSecret: 'bot-client-secret', kind: 'bot' as const };
export const ADMIN_APP = { clientId: 'admin-client-id', clientSecret: 'admin-client-secret', kind: 'admin' as const };
export const SHARED_SECRET = 'interactive-messages-shared-secret';

/** A controllable clock starting at 2025-11-20T16:00:00Z. */
export class FakeClock {
  ms = Date.parse('2025-11-20T16:00:00.000Z');
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<{ sim: RingCentralSimulator; clock: FakeClock }> {
  const clock = new FakeClock();
  const sim = await RingCentralSimulator.start({ now: clock.now, apps: [BOT_APP, ADMIN_APP], sharedSecret: SHARED_SECRET, ...options });
  return { sim, clock };
}

/** One request a receiver got. */
export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A tiny HTTP receiver standing in for the bot: records every request; by default it answers the
 * Validation-Token handshake and 200s everything else.
 */
export class Receiver {
  readonly received: Received[] = [];
  echoValidationToken = true;
  status = 200;
  delayMs = 0;
  responseBody = '';
  private constructor(private readonly server: http.Server, readonly url: string) {}

  static async start(): Promise<Receiver> {
    let receiver: Receiver | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const self = receiver as Receiver;
        self.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = () => {
          const token = req.headers['validation-token'];
          if (typeof token === 'string' && self.echoValidationToken) res.setHeader('Validation-Token', token);
          res.statusCode = self.status;
          res.setHeader('Content-Type', 'application/json');
          res.end(self.responseBody);
        };
        if (self.delayMs > 0) setTimeout(answer, self.delayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new Receiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return receiver;
  }

  /** Parsed JSON bodies of notifications (requests without Validation-Token). */
  notifications(): { event: string; ownerId: string; subscriptionId: string; body: Record<string, unknown>; headers: http.IncomingHttpHeaders }[] {
    return this.received
      .filter((r) => r.headers['validation-token'] === undefined && r.body.length > 0 && r.url.startsWith('/webhook'))
      .map((r) => ({ ...(JSON.parse(r.body) as { event: string; ownerId: string; subscriptionId: string; body: Record<string, unknown> }), headers: r.headers }));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** fetch JSON against the simulator with a bearer token. */
export async function call(
  base: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, body: text.length > 0 ? JSON.parse(text) : undefined, headers: response.headers };
}

/** POST a form to the simulator. */
export async function postForm(
  base: string,
  path: string,
  fields: Record<string, string>,
  basic?: { id: string; secret: string },
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (basic !== undefined) headers.Authorization = `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString('base64')}`;
  const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
  const text = await response.text();
  return { status: response.status, body: text.length > 0 ? JSON.parse(text) : undefined };
}

/** An account with an admin (with numbers), a plain user and an installed bot with a webhook subscription target. */
export async function standardWorld(sim: RingCentralSimulator) {
  const account = sim.addAccount({ name: 'Acme Corp', ringcx: true });
  const admin = sim.addExtension(account.id, {
    firstName: 'Ada',
    lastName: 'Admin',
    admin: true,
    phoneNumbers: [
      { phoneNumber: '+16505550100', features: ['SmsSender', 'CallerId'], usageType: 'DirectNumber' },
      { phoneNumber: '+16505550199', features: ['CallerId'], usageType: 'DirectNumber' },
    ],
  });
  const user = sim.addExtension(account.id, { firstName: 'Uma', lastName: 'User' });
  return { account, admin, user };
}
