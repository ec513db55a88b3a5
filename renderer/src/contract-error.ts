import type { ContractErrorShape } from '../../preload/contract';

/** A contract error with its code, so views can react to e.g. 'pin_required' or 'conflict'. */
export class ContractError extends Error {
  readonly code: ContractErrorShape['code'];
  readonly details: unknown;
  constructor(shape: ContractErrorShape) {
    super(shape.message);
    this.code = shape.code;
    this.details = shape.details;
  }
}
