import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { eventChannel, methodChannel, methodNames, type ContractResult } from '../../preload/contract';
import { forwardValidEvents } from '../core/contract-events';
import type { Dispatch } from '../core/contract-dispatch';
import type { CompanionEvents } from '../core/context/events';
import type { Logger } from '../core/logging/logger';

/**
 * Electron transport of the contract. One handler per contract method; each checks that the call
 * comes from our own page's top frame (not an injected iframe or a navigated-away page) and hands
 * the raw payload to the dispatcher, which validates it against the contract.
 */
export function isTrustedFrame(frame: WebFrameMain | null | undefined, appUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  return frame.url.split('#')[0]!.split('?')[0] === appUrl;
}

export function registerContractIpc(ipcMain: IpcMain, dispatch: Dispatch, appUrl: string): () => void {
  for (const method of methodNames) {
    ipcMain.handle(methodChannel(method), async (event: IpcMainInvokeEvent, input: unknown): Promise<ContractResult<unknown>> => {
      if (!isTrustedFrame(event.senderFrame, appUrl)) {
        return { ok: false, error: { code: 'forbidden', message: 'Call refused: not from the Till Companion window' } };
      }
      return dispatch(method, input);
    });
  }
  return () => methodNames.forEach((m) => ipcMain.removeHandler(methodChannel(m)));
}

/** Pushes every contract event to the window, if it is open, once it has been checked against the contract. */
export function forwardEvents(events: CompanionEvents, logger: Logger, target: () => WebContents | null): () => void {
  return forwardValidEvents(events, logger, (name, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(eventChannel(name), payload);
  });
}
