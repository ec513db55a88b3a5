import type { CashierResources } from './en';

const fi: CashierResources = {
  cashier: {
    landmarks: {
      views: 'Näkymät',
      customer: 'Asiakas ja edut',
      side: 'Tämän päivän käytöt ja luennat',
    },
    benefits: {
      offline: 'Ei yhteyttä etupalveluun: etuja ei voi käyttää juuri nyt.',
      offlineQueued: 'Ei yhteyttä etupalveluun: nyt käytetty etu jää jonoon ja lähetetään, kun yhteys palaa.',
      disconnected: 'Tämä näyttö on menettänyt yhteyden sovellukseen: etuja ei voi käyttää, ennen kuin yhteys palaa.',
      offlineShort: 'Ei yhteyttä',
    },
    scanLog: {
      title: 'Luennat ({{count}})',
      empty: 'Ei vielä luentoja',
    },
  },
};

export default fi;
