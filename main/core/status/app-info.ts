import type { AppInfo } from '../../../preload/contract';
import type { CoreContext } from '../context/context';

export function appInfo(ctx: CoreContext): AppInfo {
  const { shopId, tillId } = ctx.ids();
  return {
    name: 'Till Companion',
    version: ctx.config.version,
    mode: ctx.config.mode,
    demo: ctx.config.demo,
    platform: ctx.config.platform,
    startedAt: ctx.startedAt.toISOString(),
    shopId,
    tillId,
  };
}
