import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditSource, NewAuditEvent } from '../db/audit-events-repository';
import { storedEventFacts } from '../alerts/stored-event-facts';
import { gradeAlert } from '../policy/grade-alert';
import type { RingCentralCall } from '../ringcentral/rest-client';

/** One account's poll outcome, as the poll jobs report it. */
export interface PollOutcome {
  status: 'ok' | 'skipped' | 'failed' | 'busy';
  records: number;
  matched?: number;
}

/** The pipeline state read from the database at scrape time. */
export interface PipelineState {
  deliveries: { channel: string; state: string; count: number }[];
  outboxDepth: number;
  oldestPendingAgeSeconds: number;
  /** Per source: how far the most-behind installed account's cursor is from now, in seconds. */
  cursorLagSeconds: { source: string; seconds: number }[];
}

/**
 * The bot's Prometheus metrics, in a registry of its own (two apps in one process never share one).
 * Counters are fed by the jobs, the REST client and the HTTP edge; the pipeline gauges are read from
 * the database when /metrics is scraped, so every instance reports the shared outbox the same way.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly polls = new Counter({ name: 'atb_polls_total', help: 'Account polls by source and outcome (ok, skipped, failed, busy).', labelNames: ['source', 'outcome'], registers: [this.registry] });
  private readonly recordsRead = new Counter({ name: 'atb_audit_records_read_total', help: 'Audit records read from RingCentral, by source.', labelNames: ['source'], registers: [this.registry] });
  private readonly recordsMatched = new Counter({ name: 'atb_audit_records_matched_total', help: 'Audit records that matched an event some admin watches, by source.', labelNames: ['source'], registers: [this.registry] });
  private readonly alerts = new Counter({ name: 'atb_alerts_total', help: 'New alerts (events with at least one destination), by source and severity (the default severity table; admins may grade their own copies differently).', labelNames: ['source', 'severity'], registers: [this.registry] });
  private readonly calls = new Counter({ name: 'atb_ringcentral_calls_total', help: 'RingCentral REST calls by rate-limit group and HTTP status (0: no answer).', labelNames: ['group', 'status'], registers: [this.registry] });
  private readonly rateLimited = new Counter({ name: 'atb_ringcentral_rate_limited_total', help: 'RingCentral 429 answers, by rate-limit group.', labelNames: ['group'], registers: [this.registry] });
  private readonly penaltyWaits = new Counter({ name: 'atb_ringcentral_penalty_waits_total', help: 'Penalty holds: each 429 makes every call of that group and token wait out its Retry-After, by rate-limit group.', labelNames: ['group'], registers: [this.registry] });
  private readonly waitSeconds = new Counter({ name: 'atb_ringcentral_wait_seconds_total', help: 'Seconds calls waited for the pacer (pacing below the limit and penalty holds), by rate-limit group.', labelNames: ['group'], registers: [this.registry] });
  private readonly webhookSeconds = new Histogram({ name: 'atb_webhook_handling_seconds', help: 'Time from a chat-event notification arriving to its answer, by HTTP status.', labelNames: ['status'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry] });
  private readonly submitSeconds = new Histogram({ name: 'atb_card_submit_handling_seconds', help: 'Time from a card submit arriving to its answer, by HTTP status.', labelNames: ['status'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry] });

  /** The pipeline state of the scrape under way (one database read per scrape feeds every pipeline gauge). */
  private pipeline: PipelineState = { deliveries: [], outboxDepth: 0, oldestPendingAgeSeconds: 0, cursorLagSeconds: [] };

  constructor(private readonly readPipeline: () => Promise<PipelineState>) {
    collectDefaultMetrics({ register: this.registry, prefix: 'atb_' });
    const state = () => this.pipeline;
    const registers = [this.registry];
    new Gauge({
      name: 'atb_deliveries',
      help: 'Outbox rows by channel (sms, chat) and state (pending, sending, sent, accepted, delivered, unconfirmed, dead, cancelled: an escalation reminder not sent because the alert was triaged first).',
      labelNames: ['channel', 'state'],
      registers,
      collect() {
        this.reset();
        for (const d of state().deliveries) this.set({ channel: d.channel, state: d.state }, d.count);
      },
    });
    new Gauge({
      name: 'atb_outbox_depth',
      help: 'Outbox rows waiting to be sent (pending or being sent).',
      registers,
      collect() {
        this.set(state().outboxDepth);
      },
    });
    new Gauge({
      name: 'atb_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest outbox row not yet sent, in seconds (0 when none waits).',
      registers,
      collect() {
        this.set(state().oldestPendingAgeSeconds);
      },
    });
    new Gauge({
      name: 'atb_cursor_lag_seconds',
      help: 'Per source, how far behind now the most-behind installed account has been read, in seconds.',
      labelNames: ['source'],
      registers,
      collect() {
        this.reset();
        for (const lag of state().cursorLagSeconds) this.set({ source: lag.source }, lag.seconds);
      },
    });
  }

  /** Counts one poll run's account outcomes and records. */
  recordPolls(source: 'ringex' | 'ringcx', outcomes: readonly PollOutcome[]): void {
    for (const o of outcomes) {
      this.polls.inc({ source, outcome: o.status });
      if (o.records > 0) this.recordsRead.inc({ source }, o.records);
      if (o.matched) this.recordsMatched.inc({ source }, o.matched);
    }
  }

  /** Counts new alerts (stored events that got outbox rows), each graded by the default severity table. */
  recordAlerts(source: AuditSource, events: readonly Pick<NewAuditEvent, 'recordId' | 'actionId' | 'eventTime' | 'raw'>[]): void {
    for (const event of events) this.alerts.inc({ source, severity: gradeAlert(storedEventFacts(source, event)) });
  }

  /** One finished RingCentral call (deps.ringCentralCalls): its group and status, the time it waited; a 429 starts a penalty hold. */
  recordRingCentralCall(call: RingCentralCall): void {
    const group = call.group ?? 'none';
    this.calls.inc({ group, status: String(call.status) });
    if (call.waitedMs > 0) this.waitSeconds.inc({ group }, call.waitedMs / 1000);
    if (call.status === 429) {
      this.rateLimited.inc({ group });
      this.penaltyWaits.inc({ group });
    }
  }

  /** Observes one answered webhook notification or card submit. */
  observeHandling(route: 'webhook' | 'submit', status: number, seconds: number): void {
    (route === 'webhook' ? this.webhookSeconds : this.submitSeconds).observe({ status: String(status) }, seconds);
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    this.pipeline = await this.readPipeline();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
