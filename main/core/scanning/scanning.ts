import type { CompanionApi } from '../../../preload/contract';
import type { PortList } from '../../../preload/schemas/scanning';
import { serialPort } from './drivers/serial-lib';
import type { CoreContext } from '../context/context';
import { CompanionError } from '../common/errors';
import { hex4 } from './drivers/driver';
import { isKeyboardOrMouse, isPosScanner, loadNodeHid, type HidLib } from './drivers/hid-driver';
import { Pairing } from './pairing';
import { ScanIntake } from './scan-intake';
import { ScannerManager } from './scanner-manager';

export interface ScanningPorts {
  /** node-hid; injectable because USB hardware cannot run in tests. */
  hid?: () => Promise<HidLib>;
}

type ScanningMethods = Pick<
  CompanionApi,
  'scans.recent' | 'scans.submit' | 'scanner.status' | 'scanner.ports' | 'scanner.pairing.start' | 'scanner.pairing.cancel' | 'scanner.pairing.save'
>;

/** The scanning capability: intake, the active scanner, pairing, and their contract methods. */
export function createScanning(ctx: CoreContext, ports: ScanningPorts, requirePin: (pin: string | undefined) => void) {
  const hid = ports.hid ?? loadNodeHid;
  const settings = () => ctx.settings.get();
  let pairing: Pairing | null = null;
  const intake = new ScanIntake({
    rule: () => settings().cardRule,
    sameCardWindowMs: () => settings().scanner.sameCardWindowSec * 1000,
    now: ctx.now,
    pairing: (text, raw) => pairing?.consume(text, raw) ?? false,
  });
  const manager = new ScannerManager({ settings: () => settings().scanner, intake, hid, logger: ctx.logger.child('scanner'), now: ctx.now });
  pairing = new Pairing({ settings, manager, hid, logger: ctx.logger.child('pairing'), now: ctx.now });
  const activePairing = pairing;

  intake.onScan((scan) => ctx.events.emit('scan', scan));
  manager.onChange(() => ctx.events.emit('scanner', manager.status()));
  activePairing.onChange((state) => ctx.events.emit('pairing', state));
  const offSettings = ctx.settings.onChange(() => void manager.apply());

  const listPorts = async (): Promise<PortList> => {
    const problems: string[] = [];
    const serial = await (await serialPort()).list().catch((error: Error) => {
      problems.push(`Serial ports cannot be listed: ${error.message}`);
      return [];
    });
    const devices = await hid()
      .then((lib) => lib.devicesAsync())
      .catch((error: Error) => {
        problems.push(`HID devices cannot be listed: ${error.message}`);
        return [];
      });
    return {
      serial: serial.map((p) => ({ path: p.path, manufacturer: p.manufacturer, vendorId: p.vendorId, productId: p.productId, serialNumber: p.serialNumber })),
      // Keyboards and mice are not listed at all: they are never candidates.
      hid: devices
        .filter((d) => !isKeyboardOrMouse(d) && d.path)
        .map((d) => ({
          path: d.path!,
          vendorId: hex4(d.vendorId),
          productId: hex4(d.productId),
          product: d.product,
          manufacturer: d.manufacturer,
          usagePage: d.usagePage,
          usage: d.usage,
          posScanner: isPosScanner(d),
        })),
      problems,
    };
  };

  const methods: ScanningMethods = {
    'scans.recent': async () => intake.recentScans(),
    'scans.submit': async ({ source, raw }) => intake.receive({ source, text: raw, device: source === 'wedge' ? 'keyboard (wedge)' : undefined }),
    'scanner.status': async () => manager.status(),
    'scanner.ports': listPorts,
    'scanner.pairing.start': async ({ pin }) => {
      requirePin(pin);
      return activePairing.start(intake);
    },
    'scanner.pairing.cancel': async () => activePairing.cancel(),
    'scanner.pairing.save': async ({ pin }) => {
      requirePin(pin);
      const patch = activePairing.matchedSettings();
      if (ctx.settings.locked.some((path) => path.startsWith('scanner'))) {
        throw new CompanionError('invalid_input', 'The scanner is set on the command line (--serial); it cannot be changed here.');
      }
      await activePairing.cancel('Scanner saved.');
      ctx.settings.update(patch);
      return activePairing.get();
    },
  };

  return {
    intake,
    manager,
    pairing: activePairing,
    methods,
    start: () => manager.apply(true),
    close: async () => {
      offSettings();
      await activePairing.cancel();
      await manager.close();
    },
  };
}
