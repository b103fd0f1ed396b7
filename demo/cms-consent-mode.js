// Google Consent Mode v2 for the CMS page: the default goes to the data layer before any Google
// tag (there is none in this demo; the page shows the data layer instead).
import { consentMode } from '/src/consent-mode/consent-mode.ts';

consentMode({ mapping: { analytics_storage: ['statistics'], ad_storage: ['ads'], ad_user_data: ['ads'], ad_personalization: ['ads'] } });
