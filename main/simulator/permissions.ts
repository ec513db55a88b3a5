type Rec = Record<string, unknown>;

/** Custobar's marketing permissions on a customer. */
export const permissionFields = ['can_email', 'can_sms', 'can_post', 'can_profile', 'can_push'] as const;
export type PermissionField = (typeof permissionFields)[number];
export type PermissionPatch = Partial<Record<PermissionField, boolean>>;

export const isPermissionField = (field: string): field is PermissionField => (permissionFields as readonly string[]).includes(field);

/** Who changed a permission: the app's own upload, an event it sent, or the simulator acting as Custobar. */
export type ChangeHow = 'upload' | 'event' | 'sim';

export interface PermissionChange {
  field: PermissionField;
  value: boolean;
  at: string;
  how: ChangeHow;
  /** The event type, or which simulator control ('permissions', 'churn'). */
  detail?: string;
}

/** Newest last; a few are enough to see what happened, and a benchmark tenant must not grow without bound. */
export const HISTORY_LIMIT = 20;

/**
 * A permission as Custobar reports it. A customer created without one has it off (Custobar's default), and
 * "" in an upload clears it, which also reads as off. The stored record keeps exactly what was sent, so
 * tests can still compare it with the app's upload.
 */
export const permissionOf = (rec: Rec, field: PermissionField): boolean => rec[field] === true;

export const permissionsOf = (rec: Rec): Record<PermissionField, boolean> =>
  Object.fromEntries(permissionFields.map((f) => [f, permissionOf(rec, f)])) as Record<PermissionField, boolean>;

/** One customer in a marketing-permission webhook call: the full current state, not the change. */
export interface WebhookItem {
  external_id: string | null;
  phone_number: string | null;
  email: string | null;
  mailing_lists: string[];
  can_email: boolean;
  can_sms: boolean;
  can_post: boolean;
  can_profile: boolean;
}

const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function webhookItem(rec: Rec): WebhookItem {
  const lists = rec.mailing_lists;
  return {
    external_id: textOrNull(rec.external_id),
    phone_number: textOrNull(rec.phone_number),
    email: textOrNull(rec.email),
    mailing_lists: Array.isArray(lists) ? lists.map(String) : typeof lists === 'string' && lists !== '' ? [lists] : [],
    can_email: permissionOf(rec, 'can_email'),
    can_sms: permissionOf(rec, 'can_sms'),
    can_post: permissionOf(rec, 'can_post'),
    can_profile: permissionOf(rec, 'can_profile'),
  };
}

/** Reads a {can_sms?: boolean, …} body; a non-boolean value is refused rather than guessed. */
export function parsePermissionPatch(body: Rec): { patch: PermissionPatch } | { problem: string } {
  const patch: PermissionPatch = {};
  for (const field of permissionFields) {
    const v = body[field];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') return { problem: `${field}: expected true or false` };
    patch[field] = v;
  }
  if (Object.keys(patch).length === 0) return { problem: `one of ${permissionFields.join(', ')} is required` };
  return { patch };
}
