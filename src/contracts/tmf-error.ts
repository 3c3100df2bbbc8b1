import type { z } from 'zod';

/**
 * The TM Forum Open API error body (TMF630 design guidelines): what a northbound caller gets
 * back when its request is refused, whatever the transport.
 */
export interface TmfError {
  '@type': 'Error';
  code: string;
  reason: string;
  message: string;
  status: string;
}

export class TmfRequestError extends Error {
  override readonly name = 'TmfRequestError';
  constructor(readonly body: TmfError) {
    super(`${body.reason}: ${body.message}`);
  }

  static fromZod(reason: string, error: z.ZodError): TmfRequestError {
    const message = error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
    return new TmfRequestError({ '@type': 'Error', code: 'INVALID_BODY', reason, message, status: '400' });
  }
}
