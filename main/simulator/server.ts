import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { bearerToken } from '../http/guard';
import { BodyError, readJson, sendJson } from './http';
import {
  applyFaultPatch,
  decideFault,
  initialFaults,
  seededRandom,
  type FaultArea,
    type FaultConfig,
  type FaultPatch,
} from './faults';
import { PermissionDesk, type PermissionChangeReport, type PermissionChurn, type PermissionInput } from './permission-desk';
import { parsePermissionPatch } from './permissions';
import { handleBenefitList, handleDataRead, handleRedeem, handleUpload, handleVoid, headerValue, parseUploadType, type Reply, type Route } from './routes';
import { SimulatorState } from './state';
import { solteqRoute } from './solteq';
import { parseWebhookConfig, type WebhookConfig } from './webhook';
import { CampaignDesk, type CampaignCall } from './campaigns';

export type { PermissionChangeReport, PermissionChurn, PermissionInput } from './permission-desk';
export type { WebhookItem } from './permissions';
export type { WebhookCall, WebhookConfig, WebhookShape } from './webhook';
export type { CampaignCall } from './campaigns';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  /** Custobar API token (accepted with the Token or Bearer scheme). */
  token?: string;
  /** Token for the benefits API (Bearer); defaults to `token`. */
  benefitsToken?: string;
  seed?: boolean;
  faults?: FaultPatch;
  randomSeed?: number;
  /** How long a "timeout after commit" keeps the connection hanging before dropping it. */
  hangMs?: number;
  /** Today's date for benefit validity, injectable for tests. */
  today?: () => string;
  /** Synthetic customers to start (and reset) with, beside the demo ones: a big tenant for benchmarks. */
  customers?: number;
  /** The app's marketing-permission webhook to call on changes made "in Custobar"; off when absent. */
  webhook?: WebhookConfig | null;
  /** The app's campaigns webhook (POST /webhooks/campaigns) that campaign pushes go to; off when absent. */
  campaignsWebhook?: WebhookConfig | null;
  /** Where failures the simulator survives (a webhook call that failed) are told; silent by default. */
  log?: (line: string) => void;
}

export interface Simulator {
  url: string;
  port: number;
  token: string;
  benefitsToken: string;
  state: SimulatorState;
  faults(): FaultConfig;
  setFaults(patch: FaultPatch): FaultConfig;
  /** Points the permission webhook at the app (shape defaults to 'items'), or turns it off with null. */
  setWebhook(config: WebhookConfig | null): void;
  /** Resolves once every webhook call made so far has been answered or has failed. */
  webhookIdle(): Promise<void>;
  /** Changes permissions as if in Custobar, records them and pushes the customer to the webhook; null when no customer matches. */
  changePermission(input: PermissionInput): Promise<PermissionChangeReport | null>;
  /** Demo churn: every intervalMs flips can_sms or can_email of a demo customer (round-robin); stopped by close(). */
  startPermissionChurn(intervalMs: number): PermissionChurn;
  stopPermissionChurn(): void;
  /** One churn step now, for tests; resolves after its webhook call. */
  churnPermission(): Promise<PermissionChangeReport | null>;
  /** Points campaign pushes at the app's campaigns webhook (the secret goes raw in Authorization), or off with null. */
  setCampaignWebhook(config: WebhookConfig | null): void;
  /** A push campaign's body (any shape) posted to the campaigns webhook; null when none is set. */
  sendPrompts(body: unknown): Promise<CampaignCall | null>;
  /** The pushes made so far, oldest first (the last 200). */
  campaignCalls(): CampaignCall[];
  close(): Promise<void>;
}

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

const asRecord = (body: unknown): Record<string, unknown> => (body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A Custobar-compatible server (uploads, data API) plus the app's benefits contract (README: "The benefits contract"), with
 * fault injection. It is the default target in demo mode and the peer in every integration test.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const token = options.token ?? 'demo-token';
  const benefitsToken = options.benefitsToken ?? token;
  const seed = options.seed ?? true;
  const state = new SimulatorState(seed, { customers: options.customers ?? 0 });
  const random = seededRandom(options.randomSeed ?? Date.now());
  const hangMs = options.hangMs ?? 30_000;
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  let faults = applyFaultPatch(initialFaults(), options.faults ?? {});
  const hung = new Set<Socket>();
  let origin = '';
  const desk = new PermissionDesk(state, options.log ?? (() => {}));
  const setWebhook = (config: WebhookConfig | null): void => {
    const parsed = parseWebhookConfig(config);
    if ('problem' in parsed) throw new Error(`webhook: ${parsed.problem}`);
    desk.webhook.configure(parsed.config);
  };
  setWebhook(options.webhook ?? null);
  const campaigns = new CampaignDesk(options.log ?? (() => {}));
  campaigns.configure(options.campaignsWebhook ?? null);

  const route = (req: IncomingMessage, url: URL): Route | null => {
    const parts = url.pathname.split('/').filter(Boolean);
    const method = req.method ?? 'GET';
    const solteq = solteqRoute(req, url, parts, state);
    if (solteq) return solteq;
    if (parts[0] === '__sim') {
      return { area: 'control', run: async () => control(method, parts.slice(1).map(decodeSegment), url, await readJson(req)) };
    }
    if (parts[0] === 'api' && parts[2] === 'upload' && method === 'POST') {
      const type = parseUploadType(parts[1]);
      if (!type) return null;
      return {
        area: 'uploads',
        run: async () => {
          const reply = handleUpload(state, type, await readJson(req, 64 * 1024 * 1024), faults.uploads.rejectKeys);
          state.logUpload({ type, records: reply.records, status: reply.status, at: new Date().toISOString() });
          return reply;
        },
      };
    }
    if (parts[0] === 'api' && parts[1] === 'data' && method === 'GET') {
      const type = parseUploadType(parts[2]);
      if (!type) return null;
      return { area: 'data', run: async () => handleDataRead((fields) => state.readSources(type, fields), type, url, origin) };
    }
    if (parts[0] === 'benefits' && parts.length === 1 && method === 'GET') {
      return { area: 'benefits', run: async () => handleBenefitList(state, url, today()) };
    }
    if (parts[0] === 'benefits' && parts[2] === 'redemptions' && parts.length === 3 && method === 'POST') {
      return { area: 'redemptions', run: async () => handleRedeem(state, parts[1]!, headerValue(req, 'idempotency-key'), await readJson(req), today()) };
    }
    if (parts[0] === 'redemptions' && parts[2] === 'void' && parts.length === 3 && method === 'POST') {
      return { area: 'redemptions', run: async () => handleVoid(state, parts[1]!, headerValue(req, 'idempotency-key'), await readJson(req)) };
    }
    return null;
  };

  const control = async (method: string, path: string[], url: URL, body: unknown): Promise<Reply> => {
    const [what, which] = path;
    const fail = (status: number, reason: string): Reply => ({ status, body: { error: { reason } } });
    if (what === 'permissions' && method === 'POST') {
      const input = asRecord(body);
      if (!['external_id', 'phone_number', 'email'].some((f) => typeof input[f] === 'string' && input[f] !== '')) {
        return fail(400, 'one of external_id, phone_number, email is required');
      }
      const parsed = parsePermissionPatch(input);
      if ('problem' in parsed) return fail(400, parsed.problem);
      const ids = { external_id: input.external_id, phone_number: input.phone_number, email: input.email } as PermissionInput;
      const report = await desk.change({ ...ids, ...parsed.patch });
      return report ? { status: 200, body: report } : fail(404, 'no customer has that external_id, phone_number or email');
    }
    if (what === 'churn' && which === 'step' && method === 'POST') {
      const report = await desk.churnOnce();
      return report ? { status: 200, body: report } : fail(404, 'no demo customer is left to change');
    }
    if (what === 'churn' && which === undefined && method === 'POST') {
      const intervalMs = asRecord(body).intervalMs;
      if (intervalMs !== undefined && intervalMs !== null && (typeof intervalMs !== 'number' || !(intervalMs >= 0))) return fail(400, 'intervalMs must be a number of milliseconds, 0 or null to stop');
      if (typeof intervalMs === 'number' && intervalMs > 0) desk.startChurn(intervalMs);
      else desk.stopChurn();
      return { status: 200, body: { churning: desk.churning() } };
    }
    if (what === 'campaigns' && which === 'webhook' && method === 'POST') {
      const parsed = parseWebhookConfig(body);
      if ('problem' in parsed) return fail(400, parsed.problem);
      campaigns.configure(parsed.config);
      return { status: 200, body: { webhook: campaigns.target() } };
    }
    if (what === 'campaigns' && which === undefined && method === 'GET') return { status: 200, body: { webhook: campaigns.target(), calls: campaigns.calls } };
    if (what === 'campaigns' && which === undefined && method === 'POST') {
      // The body is what Custobar would push, forwarded as it is: a test shapes it as its tenant does.
      if (body === undefined) return fail(400, 'send the campaign body to push, e.g. {"items": [{"customer": {"external_id": "…"}, "campaign_id": "…", "message": "…"}]}');
      const call = await campaigns.send(body);
      return call ? { status: 200, body: call } : fail(409, 'no campaigns webhook is set: POST /__sim/campaigns/webhook {"url", "secret"} first');
    }
    if (what === 'webhook' && method === 'GET') return { status: 200, body: { webhook: desk.webhook.target() } };
    if (what === 'webhook' && method === 'POST') {
      const parsed = parseWebhookConfig(body);
      if ('problem' in parsed) return fail(400, parsed.problem);
      desk.webhook.configure(parsed.config);
      return { status: 200, body: { webhook: desk.webhook.target() } };
    }
    if (what === 'requests' && method === 'GET') {
      const area = url.searchParams.get('area');
      return { status: 200, body: { requests: state.requests.filter((r) => !area || r.area === area) } };
    }
    if (what === 'arrivals' && method === 'GET') {
      const type = url.searchParams.get('type');
      const after = Number(url.searchParams.get('after') ?? 0) || 0;
      return { status: 200, body: { arrivals: state.arrivals.filter((a) => a.seq > after && (!type || a.type === type)) } };
    }
    if (what === 'customers' && which !== undefined && path.length === 2 && method === 'GET') {
      const detail = state.customerDetail(which);
      return detail ? { status: 200, body: detail } : { status: 404, body: { error: { reason: `no customer ${which}` } } };
    }
    if (what === 'customers' && which === 'generate' && method === 'POST') {
      const count = asRecord(body).count;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return { status: 400, body: { error: { reason: 'count must be a positive integer' } } };
      return { status: 200, body: state.generateCustomers(count) };
    }
    if (what === 'customers' && (which === 'delete' || which === 'forget') && method === 'POST') {
      const removed = state.removeCustomer(asRecord(body), which === 'delete' ? 'deleted' : 'forgotten');
      return removed ? { status: 200, body: removed } : { status: 404, body: { error: { reason: 'no customer has that external_id, phone_number or email' } } };
    }
    if (what === 'state' && method === 'GET') return { status: 200, body: { ...state.summary(), webhook: desk.webhook.target(), churning: desk.churning() } };
    if (what === 'faults' && method === 'GET') return { status: 200, body: faults };
    if (what === 'faults' && method === 'POST') {
      faults = applyFaultPatch(faults, (body ?? {}) as FaultPatch);
      return { status: 200, body: faults };
    }
    if (what === 'reset' && method === 'POST') {
      // The webhook and the churn stay as they are: the app's demo wiring set them, not the test resetting data.
      state.reset(seed);
      faults = initialFaults();
      return { status: 200, body: { ok: true } };
    }
    if (what === 'records' && method === 'GET') {
      return { status: 200, body: Object.fromEntries(Object.entries(state.records).map(([t, m]) => [t, [...m.values()]])) };
    }
    return { status: 404, body: { error: { reason: 'unknown control endpoint' } } };
  };

  const authorized = (req: IncomingMessage, area: FaultArea): boolean =>
    area === 'benefits' || area === 'redemptions'
      ? bearerToken(req.headers.authorization, ['Bearer']) === benefitsToken
      : bearerToken(req.headers.authorization, ['Token', 'Bearer']) === token;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const found = route(req, url);
    if (!found) return sendJson(res, 404, { error: { reason: 'Not found' } });
    if (found.area === 'control') {
      const reply = await found.run(req, url);
      return sendJson(res, reply.status, reply.body);
    }
    const logged = state.logRequest({ area: found.area, method: req.method ?? 'GET', url: url.pathname + url.search, startedAt: performance.timeOrigin + performance.now(), finishedAt: null, status: null });
    res.once('finish', () => {
      logged.finishedAt = performance.timeOrigin + performance.now();
      logged.status = res.statusCode;
    });
    res.once('close', () => (logged.finishedAt ??= performance.timeOrigin + performance.now()));
    const area = faults[found.area];
    if (area.latencyMs > 0) await sleep(area.latencyMs);
    const decision = decideFault(area, random);
    if (decision !== 'pass') state.faultsInjected[`${found.area}:${decision}`] = (state.faultsInjected[`${found.area}:${decision}`] ?? 0) + 1;
    if (decision === 'reset') return void req.socket.destroy();
    if (!authorized(req, found.area)) return sendJson(res, 401, { error: { reason: 'Invalid or missing token' } });
    if (decision === '5xx') return sendJson(res, 503, { error: { reason: 'Service temporarily unavailable' } });
    if (decision === '429') {
      return sendJson(res, 429, { error: { reason: 'Too many requests' } }, { 'Retry-After': String(area.retryAfterSec) });
    }
    const reply = await found.run(req, url);
    if (decision === 'commitThenReset' && reply.status < 300) return void req.socket.destroy();
    if (decision === 'timeoutAfterCommit' && reply.status < 300) {
      hung.add(req.socket);
      setTimeout(() => req.socket.destroy(), hangMs).unref();
      req.socket.once('close', () => hung.delete(req.socket));
      return;
    }
    sendJson(res, reply.status, reply.body, reply.headers);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      const status = err instanceof BodyError ? err.status : 500;
      sendJson(res, status, { error: { reason: err instanceof Error ? err.message : 'internal error' } });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    url: origin,
    port,
    token,
    benefitsToken,
    state,
    faults: () => faults,
    setFaults: (patch) => (faults = applyFaultPatch(faults, patch)),
    setWebhook,
    webhookIdle: () => desk.webhook.idle(),
    changePermission: (input) => desk.change(input),
    startPermissionChurn: (intervalMs) => desk.startChurn(intervalMs),
    stopPermissionChurn: () => desk.stopChurn(),
    churnPermission: () => desk.churnOnce(),
    setCampaignWebhook: (config) => campaigns.configure(config),
    sendPrompts: (body) => campaigns.send(body),
    campaignCalls: () => [...campaigns.calls],
    close: async () => {
      await desk.close();
      await campaigns.close();
      await new Promise<void>((resolve) => {
        for (const socket of hung) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
