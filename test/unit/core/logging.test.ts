import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/core/logging/logger';
import { maskPhone, redact } from '../../../main/core/logging/redact';
import { tempDir } from '../../helpers/service-process';

describe('log redaction', () => {
  it('masks phone numbers but keeps dates, times, ports and ids', () => {
    const line = redact('2026-12-31T10:00:00+02:00 lookup +358401234567 and 040 123 4567 on http://127.0.0.1:43123 for CU-7H3K9P2A, sale 20261231');
    expect(line).not.toContain('401234567');
    expect(line).not.toContain('123 4567');
    expect(line).toContain('2026-12-31T10:00:00+02:00');
    expect(line).toContain('127.0.0.1:43123');
    expect(line).toContain('CU-7H3K9P2A');
    expect(maskPhone('+358401234567')).toBe('+•••••••••567');
  });

  it('removes tokens from headers, key-value pairs and URLs', () => {
    const line = redact('Authorization: Bearer abc.def-123 token=sekrit1 {"client_secret":"xyz"} http://h/?token=qwerty12&x=1 Token tok_9999');
    for (const secret of ['abc.def-123', 'sekrit1', 'xyz', 'qwerty12', 'tok_9999']) expect(line).not.toContain(secret);
  });

  it('writes redacted lines to the log file and rotates it at the size cap', () => {
    const file = path.join(tempDir(), 'logs', 'app.log');
    const logger = createLogger({ file, maxBytes: 200, write: () => undefined });
    for (let i = 0; i < 10; i += 1) logger.info('customer +358501112233 looked up', { i });
    expect(fs.readFileSync(file, 'utf8')).not.toContain('501112233');
    expect(fs.existsSync(`${file}.1`)).toBe(true);
    expect(fs.statSync(file).size).toBeLessThan(600);
  });
});
