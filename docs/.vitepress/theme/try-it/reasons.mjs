// Reason phrases of the statuses the API answers: the reference's response headings
// (scripts/docs/reference.mjs) and Try it's status line (TryIt.vue) read this one table.
/** @type {Readonly<Record<number, string>>} */
export const REASONS = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
