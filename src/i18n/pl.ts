import type { Translation } from '../core/i18n.js';

export const pl: Translation = {
  load: 'Załaduj: {service}',
  open: 'Otwórz: {service}',
  always: 'Zawsze zezwalaj: {service}',
  provider: 'Dostawca: {company}, {address}.',
  gpcNote: 'Twoja przeglądarka prosi strony, by nie sprzedawały ani nie udostępniały Twoich danych (Global Privacy Control). {service} może wykorzystywać je do reklam, dlatego pozostaje wyłączone, dopóki go nie załadujesz, i tylko na tę wizytę.',
  from: 'Jest ładowana z {host}.',
  policy: 'Polityka prywatności {company}',
  sitePolicy: 'Nasza polityka prywatności',
  unavailable: 'Nie można wyświetlić tej treści.',
  imprint: 'Nota prawna',
  chatLauncher: 'Napisz do nas',
  chatTitle: 'Czat przez {service}',
  chatNotice: 'Czat obsługuje {company}, {address}. {data} Korzystamy z niego, {purpose}. Podstawa prawna: Twoja zgoda (art. 6 ust. 1 lit. a RODO), którą możesz w każdej chwili wycofać ze skutkiem na przyszłość. Szczegóły: {policyLink}, {imprintLink}.',
  chatPurpose: 'aby odpowiadać na Twoje pytania',
  chatConsent: 'Zgadzam się na przetwarzanie moich wiadomości i wymienionych wyżej danych przez {company} na potrzeby tego czatu.',
  chatStart: 'Rozpocznij czat',
  chatLater: 'Nie teraz',
  chatHint: 'Zaznacz pole powyżej, aby rozpocząć czat.',
};
