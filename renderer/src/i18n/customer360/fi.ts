import type { Customer360Resources } from './types';

/** Finnish strings of the recent activity and the campaign prompts. */
const fi: Customer360Resources = {
  activity: {
    title: 'Viimeisimmät ostot',
    loading: 'Ladataan viimeisimpiä ostoja…',
    none: 'Ei vielä ostoja',
    offline: 'Ei yhteyttä: näytetään vain tämän kassan omat viimeisimmät myynnit.',
    failed: 'Viimeisimpiä ostoja ei saatu: {{message}}',
    shop: 'Myymälä {{shop}}',
    items: '{{quantity}} × {{title}}',
    fields: 'Asiakkaan luvut',
  },
  prompt: {
    label: 'Kampanjaviesti tälle asiakkaalle',
    told: 'Kerroin asiakkaalle',
    dismiss: 'Ohita',
    until: 'Voimassa {{date}} asti',
    failed: 'Tallennus ei onnistunut: {{message}}',
  },
  activitySettings: {
    title: 'Viimeisimmät ostot asiakaskortilla',
    enabled: 'Näytä asiakkaan viimeisimmät ostot',
    purchases: 'Näytettävien ostojen määrä',
    saleCustomerField: 'Custobarin myyntikenttä, joka nimeää asiakkaan',
    fields: 'Näytettävät asiakaskentät (yksi riville)',
    fieldsHint: 'Custobarin asiakaskentät, joita asiakkaalla on, esim. COMPANY__loyalty_level; tyhjä = ei mitään.',
  },
  campaigns: {
    table: 'Määrät kampanjoittain',
    title: 'Kampanjaviestit',
    hint: 'Custobarin kampanjoiden viestit kassoilla ja mitä kassahenkilöt tekivät niille.',
    empty: 'Kampanjaviestejä ei ole tullut viimeisen 7 päivän aikana.',
    campaign: 'Kampanja',
    today: 'Tänään',
    week: '7 päivää',
    received: 'Saapuneet',
    shown: 'Näytetyt',
    told: 'Kerrotut',
    dismissed: 'Ohitetut',
  },
};

export default fi;
