/**
 * Which field names hold what, for the support zip. The log's own key redaction (logging/redact-paths.ts)
 * covers credentials, phones and e-mails two levels deep; the zip also carries dead-letter records,
 * whose customer fields (names, addresses, birth dates) no pattern can recognise, so they go by key,
 * at any depth and in any spelling (first_name, firstName, FIRST-NAME).
 */
export type KeyKind = 'secret' | 'phone' | 'email' | 'personal' | 'plain';

const normalize = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

const SECRET = new Set(['authorization', 'pin', 'pinhash', 'apikey', 'xapikey', 'cookie', 'setcookie', 'credentials', 'privatekey']);
const SECRET_ENDINGS = ['token', 'secret', 'password', 'passwd'];
const PHONE = new Set(['phone', 'phonenumber', 'mobile', 'mobilephone', 'mobilenumber', 'telephone', 'tel', 'msisdn']);
const EMAIL = new Set(['email', 'emailaddress', 'mail']);
// Custobar's customer fields (exports/normalize/record-specs.ts) that identify a person, plus the usual
// spellings of the same in logged objects. City, country and language stay: support needs them and
// they do not identify anyone alone.
const PERSONAL = new Set([
  'name', 'firstname', 'lastname', 'middlename', 'fullname', 'displayname', 'nickname', 'customername', 'contactperson',
  'company', 'companyname', 'vatnumber', 'streetaddress', 'streetname', 'housenumber', 'housenumberaddition',
  'address', 'address1', 'address2', 'addressline1', 'addressline2', 'zipcode', 'postalcode', 'postcode',
  'birthdate', 'dateofbirth', 'birthday', 'ssn', 'personalid', 'personalidentitycode',
]);
// `name` under these is not a person: an Error's class name ("TypeError") or the app's own name.
const NAME_IS_TECHNICAL_UNDER = new Set(['err', 'error', 'cause', 'app']);

export function keyKind(key: string, parentKey: string | null): KeyKind {
  const k = normalize(key);
  if (SECRET.has(k) || SECRET_ENDINGS.some((end) => k.endsWith(end))) return 'secret';
  // sale_phone_number, sale_email: Custobar prefixes the sale's copy of the customer's fields.
  const bare = k.startsWith('sale') ? k.slice(4) : k;
  if (PHONE.has(bare) || bare.endsWith('phonenumber')) return 'phone';
  if (EMAIL.has(bare)) return 'email';
  if (PERSONAL.has(bare)) return k === 'name' && parentKey !== null && NAME_IS_TECHNICAL_UNDER.has(normalize(parentKey)) ? 'plain' : 'personal';
  return 'plain';
}
