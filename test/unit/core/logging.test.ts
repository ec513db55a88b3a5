import fs from 'node:fs';
import path from 'node:path';
import fastify from 'fastify';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { closeLogger, createLogger, createMemoryLogger, flushLogger, type Logger, type LoggerOptions } from '../../../main/core/logging/logger';
import { maskEmail, maskPhone, redact } from '../../../main/core/logging/redact';
import { tempDir } from '../../helpers/service-process';

const opened: Logger[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map(closeLogger));
});

/** A logger writing to a fresh file, with its human-readable lines kept in memory. */
function fileLogger(options: LoggerOptions = {}) {
  const file = path.join(tempDir(), 'logs', 'till-companion.log');
  const lines: string[] = [];
  const logger = createLogger({ file, write: (l) => lines.push(l), ...options });
  opened.push(logger);
  const everything = async (): Promise<string> => {
    await flushLogger(logger);
    return `${fs.readFileSync(file, 'utf8')}\n${lines.join('\n')}`;
  };
  return { file, lines, logger, everything };
}

describe('log redaction', () => {
  const masked: { what: string; text: string; hidden: string[]; kept: string[] }[] = [
    {
      what: 'phone numbers, keeping dates, times, ports and ids',
      text: '2026-12-31T10:00:00+02:00 lookup +358401234567 and 040 123 4567 on http://127.0.0.1:43123 for CU-7H3K9P2A, sale 20261231',
      hidden: ['401234567', '123 4567'],
      kept: ['2026-12-31T10:00:00+02:00', '127.0.0.1:43123', 'CU-7H3K9P2A'],
    },
    {
      what: 'e-mail addresses, keeping dates, ports, ids and URLs without one',
      text: 'mail anna.virtanen@example.fi <0401234567@sms.example.com> at 2026-12-31T10:00:00Z via https://api.custobar.com:443/v1/customers/CU-7H3K9P2A?x=1',
      hidden: ['anna.virtanen', '0401234567'],
      kept: ['a•••@example.fi', '2026-12-31T10:00:00Z', 'https://api.custobar.com:443/v1/customers/CU-7H3K9P2A?x=1'],
    },
  ];
  it.each(masked)('masks $what', ({ text, hidden, kept }) => {
    const line = redact(text);
    for (const h of hidden) expect(line).not.toContain(h);
    for (const k of kept) expect(line).toContain(k);
    expect(redact(line)).toBe(line);
  });

  it('masks a phone number and an e-mail address keeping their last characters and domain', () => {
    expect(maskPhone('+358401234567')).toBe('+•••••••••567');
    expect(maskEmail('a@b.fi')).toBe('a•••@b.fi');
  });

  it('removes tokens from headers, key-value pairs and URLs', () => {
    const line = redact('Authorization: Bearer abc.def-123 token=sekrit1 {"client_secret":"xyz"} http://h/?token=qwerty12&x=1 Token tok_9999');
    for (const secret of ['abc.def-123', 'sekrit1', 'xyz', 'qwerty12', 'tok_9999']) expect(line).not.toContain(secret);
  });

  it('writes redacted lines to the log file and rotates it at the size cap', async () => {
    const file = path.join(tempDir(), 'logs', 'app.log');
    const logger = createLogger({ file, maxBytes: 200, write: () => undefined });
    opened.push(logger);
    for (let i = 0; i < 10; i += 1) logger.info('customer +358501112233 looked up', { i });
    await flushLogger(logger); // the file stream is asynchronous
    expect(fs.readFileSync(file, 'utf8')).not.toContain('501112233');
    expect(fs.existsSync(`${file}.1`)).toBe(true);
    expect(fs.statSync(file).size).toBeLessThan(600);
  });

  it('censors secret keys by path, at the top level and one and two levels down', async () => {
    const { logger, everything } = fileLogger();
    logger.info('lookup', {
      token: 'abc',
      pin: '4321',
      headers: { authorization: 'Bearer x' },
      req: { headers: { authorization: 'Basic y' } },
      customer: { id: 'CU-7H3K9P2A', phone_number: '+358401234567', email: 'a@b.fi' },
      sale: { customer: { phone_number: '+358409998877', sale_email: 'z@y.fi' } },
    });
    const text = await everything();
    for (const secret of ['"abc"', '4321', 'Bearer x', 'Basic y', '+358401234567', 'a@b.fi', '+358409998877', 'z@y.fi']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain('+•••••••••567'); // phone numbers are masked, not blanked
    expect(text).toContain('CU-7H3K9P2A');
  });

  it('pattern-redacts messages and nested string fields, e-mails included', async () => {
    const { logger, lines, everything } = fileLogger();
    logger.warn('lookup anna.virtanen@example.fi by 040 123 4567', {
      result: { note: 'call +358501112233 or anna.virtanen@example.fi', deeper: { url: 'http://h/x?token=qwerty12' } },
      list: ['Bearer abcdefgh', 'api_key=k-98765'],
    });
    const text = await everything();
    for (const secret of ['anna.virtanen', '123 4567', '501112233', 'qwerty12', 'abcdefgh', 'k-98765']) expect(text).not.toContain(secret);
    expect(lines[0]).toContain('lookup a•••@example.fi by');
  });

  it("redacts what is logged through the .pino instance, fastify's request logs included", async () => {
    const { logger, file, everything } = fileLogger();
    logger.pino.info({ url: '/api/x?token=secret123' }, 'incoming');
    logger.pino.child({ reqId: 'r1' }).warn({ req: { headers: { authorization: 'Bearer tok-abcdef' } } }, 'mail anna@example.fi');
    const app = fastify({ loggerInstance: logger.child('http').pino });
    app.get('/x', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/x?token=fastify-secret-1' });
    await app.close();
    const text = await everything();
    for (const secret of ['secret123', 'tok-abcdef', 'anna@', 'fastify-secret-1']) expect(text).not.toContain(secret);
    const records = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => r.msg === 'incoming request')).toMatchObject({ scope: 'app:http', req: { url: '/x?token=[redacted]' } });
  });

  it('keeps at most maxFiles rotated files under the same name', async () => {
    const { file, logger } = fileLogger({ maxBytes: 100, maxFiles: 2 });
    for (let i = 0; i < 30; i += 1) logger.info('line', { i });
    await flushLogger(logger);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['till-companion.log', 'till-companion.log.1', 'till-companion.log.2']);
    expect(fs.readFileSync(`${file}.1`, 'utf8')).toContain('"i":29'); // the newest rotated file
    expect(fs.readFileSync(`${file}.2`, 'utf8')).not.toContain('"i":0,'); // the oldest ones are gone
  });

  it('closeLogger flushes and closes the file; later lines still reach write', async () => {
    const { file, logger, lines } = fileLogger();
    logger.info('before close');
    await closeLogger(logger);
    expect(fs.readFileSync(file, 'utf8')).toContain('before close');
    expect(() => logger.child('late').info('after close')).not.toThrow();
    await flushLogger(logger);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('after close');
    expect(lines.at(-1)).toContain('[app:late] after close');
  });

  it('names child scopes parent:child and shares one destination with them', async () => {
    const { logger, lines, file } = fileLogger();
    const dispatch = logger.child('dispatch');
    dispatch.child('orders').info('drained');
    dispatch.info('idle');
    expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z INFO \[app:dispatch:orders\] drained$/);
    expect(lines[1]).toContain('INFO [app:dispatch] idle');
    const destination = (l: Logger): unknown => (l.pino as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
    expect(destination(dispatch)).toBe(destination(logger));
    await flushLogger(logger);
    expect(fs.readFileSync(file, 'utf8')).toContain('"scope":"app:dispatch:orders"');
  });

  it('shows name and message of an Error in fields, with the stack only in the file', async () => {
    const { logger, lines, everything } = fileLogger();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    logger.error('settings failed', { error: new TypeError('SQLITE_CORRUPT for +358401234567', { cause: new Error('disk') }), circular });
    expect(lines[0]).toContain('"error":{"name":"TypeError","message":"SQLITE_CORRUPT for +•••••••••567"');
    expect(lines[0]).toContain('"cause":{"name":"Error","message":"disk"}');
    expect(lines[0]).not.toContain('logging.test.ts');
    const text = await everything();
    expect(text).toContain('logging.test.ts'); // the stack, in the file
    expect(text).not.toContain('401234567');
  });

  it('drops lines below the level and writes to stderr, never to stdout, by default', () => {
    const quiet = createMemoryLogger();
    const warnOnly = createLogger({ level: 'warn', write: (l) => quiet.lines.push(l) });
    warnOnly.info('hidden');
    warnOnly.warn('shown');
    expect(quiet.lines.join('\n')).not.toContain('hidden');
    expect(quiet.lines.join('\n')).toContain('WARN [app] shown');

    const { stdout, stderr } = { stdout: process.stdout.write, stderr: process.stderr.write };
    const seen = { stdout: [] as string[], stderr: [] as string[] };
    process.stdout.write = ((chunk: string) => seen.stdout.push(chunk) > 0) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string) => seen.stderr.push(chunk) > 0) as typeof process.stderr.write;
    try {
      createLogger({ level: 'debug' }).child('svc').pino.debug('to stderr');
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
    }
    expect(seen.stdout).toEqual([]);
    expect(seen.stderr.join('')).toMatch(/DEBUG \[app:svc\] to stderr\n$/);
  });

  it('keeps logging to write when the log file cannot be written', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'blocker'), '');
    for (const file of [path.join(dir, 'blocker', 'logs', 'app.log'), dir]) {
      const lines: string[] = [];
      const logger = createLogger({ file, write: (l) => lines.push(l) });
      opened.push(logger);
      expect(() => logger.error('still here', { n: 1 })).not.toThrow();
      await flushLogger(logger);
      await new Promise((resolve) => setTimeout(resolve, 50)); // let a late stream error surface (vitest fails on an uncaught one)
      expect(() => logger.info('and here')).not.toThrow();
      expect(lines.join('\n')).toContain('log file unavailable');
      expect(lines.join('\n')).toContain('ERROR [app] still here {"n":1}');
      expect(lines.join('\n')).toContain('and here');
    }
  });
});
