// The spec's AstraIdentifier: a lowercase UUID of version 4 or 5, or the nil UUID. One
// pattern for the API's paths, fixtures and control's `accountId`.
export const ASTRA_ID =
  /^([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000)$/;
