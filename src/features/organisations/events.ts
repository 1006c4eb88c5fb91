/** The events the organisation commands record (codes and ids only: membership titles stay out). */
declare module '../../jobs/events.js' {
  interface EventPayloads {
    'organisation.create': { slug: string; kind: string; verified: boolean };
    'organisation.update': { from?: { kind: string; slug: string; verified: boolean }; to?: { kind: string; slug: string; verified: boolean } };
    'invitation.create': { organisationId: string; role: string; replaced: string[] };
    'invitation.accept': { organisationId: string; role: string };
    'invitation.revoke': { organisationId: string };
    'membership.update': { organisationId: string; from: { role: string; listedPublicly: boolean }; to: { role: string; listedPublicly: boolean }; titleChanged: boolean };
    'membership.remove': { organisationId: string; role: string };
    'membership.leave': { organisationId: string; role: string };
  }
}
export {};
