import type { PolicyTexts } from '../../policy/policy.js';

export const pl: PolicyTexts = {
  intro: 'Korzystamy z usługi {service}, {purpose}. Dostawcą jest {company}, {address}.',
  loading: 'Treść ładuje się dopiero po wyrażeniu zgody w jej zastępczym polu: jednorazowo lub, po wybraniu „Zawsze zezwalaj”, przy każdej wizycie. {data} {company} może przetwarzać dane poza UE/EOG; jego polityka prywatności wskazuje stosowane zabezpieczenia.',
  basis:
    'Podstawą prawną jest Twoja zgoda (art. 6 ust. 1 lit. a RODO; w zakresie przechowywania informacji i dostępu do nich na Twoim urządzeniu także art. 399 Prawa komunikacji elektronicznej).',
  storage:
    'Jeśli wybierzesz „Zawsze zezwalaj”, zapamiętamy Twój wybór w pliku cookie „{cookie}” tej witryny przez {days} dni; w przeciwnym razie tylko do zamknięcia strony. Co przechowuje {company}, opisuje jego polityka prywatności: {providerPolicy}.',
  withdrawSettings: 'Możesz w każdej chwili wycofać zgodę ze skutkiem na przyszłość w naszych ustawieniach prywatności: {settings}.',
  withdrawCookie: 'Możesz w każdej chwili wycofać zgodę ze skutkiem na przyszłość, usuwając plik cookie „{cookie}” w przeglądarce.',
  settings: 'ustawienia prywatności',
  purpose: 'aby udostępnić Ci tę treść',
  proofs: 'Aby móc wykazać Twoją zgodę (art. 7 ust. 1 RODO), zapisujemy Twoją decyzję wraz z czasem, stroną, wersją wyświetlonego tekstu i losowym identyfikatorem z pliku cookie „{cookie}”; nic więcej o Tobie.',
};
