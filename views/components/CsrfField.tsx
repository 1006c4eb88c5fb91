export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;
