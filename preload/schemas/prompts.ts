import { z } from 'zod';

/** The cashier's answer to a campaign prompt on the checkout. */
export const PromptRespondInput = z.strictObject({
  promptId: z.string().min(1).max(100),
  response: z.enum(['told', 'dismissed']),
});

const PromptCounts = z.object({
  /** Prompts that arrived (webhook or pull); a repeat of one already here does not count again. */
  received: z.number().int(),
  /** Prompts put on the checkout for the first time. */
  shown: z.number().int(),
  told: z.number().int(),
  dismissed: z.number().int(),
});

/** The manager view: per campaign, today (store time) and the last 7 days including today. */
export const PromptStats = z.object({
  campaigns: z.array(z.object({ campaignId: z.string(), today: PromptCounts, week: PromptCounts })),
});
export type PromptStats = z.infer<typeof PromptStats>;
