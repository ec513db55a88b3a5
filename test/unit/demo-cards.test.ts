import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBenefits, demoCustomers } from '../../main/simulator/seed';
import { projectRoot } from '../helpers/service-process';

describe('demo cards', () => {
  it('the printable sheet and the README list exactly the simulator’s demo customers', () => {
    const sheet = fs.readFileSync(path.join(projectRoot, 'assets', 'demo-cards.svg'), 'utf8');
    const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    for (const c of demoCustomers) {
      expect(sheet).toContain(`>${c.external_id}<`);
      expect(readme).toContain(c.external_id);
    }
    expect(sheet.match(/>CU-[A-Z0-9]{8}</g)).toHaveLength(demoCustomers.length);
  });

  it('gives demo customers both single-use and multi-use benefits, and one customer none', () => {
    const benefits = demoBenefits(2030);
    expect(benefits.some((b) => b.uses_left === 1)).toBe(true);
    expect(benefits.some((b) => b.uses_left !== null && b.uses_left > 1)).toBe(true);
    expect(demoCustomers.filter((c) => !benefits.some((b) => b.phone_number === c.phone_number))).toHaveLength(1);
  });
});
