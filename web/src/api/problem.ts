// RFC 9457 problems as the kerf API sends them, and the error the UI throws for them.

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

// A failed API call: the HTTP status and the server's problem document (or a synthetic one).
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problemMessage(problem));
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  // The message for one request field (e.g. "rows/3/due"), if the server named it.
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.message;
  }
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && typeof v.status === 'number';
}

// Turns whatever an error response carried into an ApiError.
export function toApiError(status: number, body: unknown): ApiError {
  if (isProblem(body)) return new ApiError(body);
  return new ApiError({ title: `HTTP ${status}`, status });
}

// One line for a person: the detail, else the title, plus the first field errors.
export function problemMessage(p: Problem): string {
  const head = p.detail && p.detail.length > 0 ? p.detail : p.title;
  const fields = (p.errors ?? []).slice(0, 3).map((e) => `${e.field}: ${e.message}`);
  return fields.length > 0 ? `${head} (${fields.join('; ')})` : head;
}

// The message of any thrown value, for notifications.
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
