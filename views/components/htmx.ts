/**
 * htmx swaps every response, errors included: a refusal (403, 404, 409, 429…) replaces the page's
 * main content with the error page's, while a 422 (the form again, with its errors) goes where
 * the form's own target says.
 */
export const refusalSwap = { 'data-hx-status-4xx': 'target:#main select:#main swap:outerHTML' } as const;

export const errorSwap = (swap422: string) => ({
  'data-hx-status-422': `swap:${swap422}`,
  ...refusalSwap,
});
