import type { PushTexts } from '../../elements/push-prompt/texts.js';

export const pl: PushTexts = {
  templates: {
    default: { title: 'Otrzymywać powiadomienia z {site}?', body: 'Powiadomimy Cię, gdy pojawi się coś nowego. Możesz je wyłączyć w każdej chwili.', allow: 'Zezwól', deny: 'Nie, dziękuję' },
    news: { title: 'Nie przegap nowego artykułu', body: '{site} powiadomi Cię o: {topics}. Najwyżej jedno powiadomienie dziennie; możesz je wyłączyć w każdej chwili.', allow: 'Powiadamiaj mnie', deny: 'Nie teraz' },
    offers: { title: 'Oferty {site}', body: 'Otrzymuj powiadomienia o: {topics}. Możesz je wyłączyć w każdej chwili.', allow: 'Tak, powiadamiaj', deny: 'Nie, dziękuję' },
  },
  topicsLegend: 'Powiadamiaj mnie o',
  and: 'i',
  everything: 'nowe treści',
  name: 'Powiadomienia push',
  data: 'Powiadomienia dostarcza usługa push Twojej przeglądarki (Google w Chrome, Mozilla w Firefoksie, Apple w Safari); otrzymuje ona Twój adres IP i losowy adres subskrypcji.',
  blocked: 'Powiadomienia dla tej witryny są zablokowane w ustawieniach przeglądarki.',
  failed: 'Nie udało się włączyć powiadomień: {reason}',
  unreachable: 'usługa push jest nieosiągalna.',
  subscribed: 'Powiadomienia są włączone.',
  turnOff: 'Wyłącz powiadomienia',
  turnedOff: 'Powiadomienia są wyłączone.',
  bell: 'Powiadomienia',
};
