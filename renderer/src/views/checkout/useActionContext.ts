import { useMemo } from 'react';
import { useApp } from '../../state/app-store';
import type { ActionContext } from './benefit-action';

/** The connection and the offline policy the benefit list decides its buttons by (see benefit-action.ts). */
export function useActionContext(): ActionContext {
  const benefitsState = useApp((s) => s.status?.benefits.state ?? null);
  const connected = useApp((s) => s.connected);
  const offlinePolicy = useApp((s) => s.settings?.settings.benefits.offline ?? null);
  return useMemo(() => ({ benefitsState, connected, offlinePolicy }), [benefitsState, connected, offlinePolicy]);
}
