import type { CashierResources } from './en';

const sv: CashierResources = {
  cashier: {
    landmarks: {
      views: 'Vyer',
      customer: 'Kund och förmåner',
      side: 'Dagens användningar och skanningar',
    },
    benefits: {
      offline: 'Ingen anslutning till förmånstjänsten: förmåner kan inte användas just nu.',
      offlineQueued: 'Ingen anslutning till förmånstjänsten: en förmån som används nu köas och skickas när anslutningen är tillbaka.',
      disconnected: 'Skärmen har tappat anslutningen till appen: förmåner kan inte användas förrän den är tillbaka.',
      offlineShort: 'Ingen anslutning',
    },
    scanLog: {
      title: 'Skanningar ({{count}})',
      empty: 'Inga skanningar än',
    },
  },
};

export default sv;
