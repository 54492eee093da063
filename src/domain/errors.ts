/**
 * One error family for the whole app. `code` is a stable machine string the UI translates; `message`
 * is a human sentence safe to show (never an upstream body or a stack).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;
