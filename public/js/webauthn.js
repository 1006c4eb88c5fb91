// Passkeys on plain forms (CSP allows 'self' scripts only: no inline code, no bundler).
// <form method="post" data-webauthn="register|authenticate" data-options="{options JSON}"
//  data-error-message="…" data-unsupported-message="…"> <p data-webauthn-error role="alert" hidden></p>
// On submit: navigator.credentials.create/get, its JSON into the field "credential" (added if
// missing), then the form is submitted as usual. Without JavaScript the form stays a plain form.
(function () {
  'use strict';
  var PKC = window.PublicKeyCredential;

  // base64url <-> bytes, only for browsers without the JSON helpers (current ones have them)
  function bytes(s) {
    return Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), function (c) { return c.charCodeAt(0); }).buffer;
  }
  function b64u(buf) {
    if (!buf) return undefined;
    var s = '', a = new Uint8Array(buf);
    for (var i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function ids(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: bytes(c.id) }); });
  }

  function parse(reg, o) {
    if (reg) return PKC.parseCreationOptionsFromJSON ? PKC.parseCreationOptionsFromJSON(o)
      : Object.assign({}, o, { challenge: bytes(o.challenge), user: Object.assign({}, o.user, { id: bytes(o.user.id) }), excludeCredentials: ids(o.excludeCredentials) });
    return PKC.parseRequestOptionsFromJSON ? PKC.parseRequestOptionsFromJSON(o)
      : Object.assign({}, o, { challenge: bytes(o.challenge), allowCredentials: ids(o.allowCredentials) });
  }

  function json(c) {
    if (c.toJSON) return c.toJSON();
    var r = c.response;
    return {
      id: c.id, rawId: b64u(c.rawId), type: c.type, authenticatorAttachment: c.authenticatorAttachment || undefined,
      clientExtensionResults: c.getClientExtensionResults(),
      response: r.attestationObject
        ? { clientDataJSON: b64u(r.clientDataJSON), attestationObject: b64u(r.attestationObject), transports: r.getTransports ? r.getTransports() : [] }
        : { clientDataJSON: b64u(r.clientDataJSON), authenticatorData: b64u(r.authenticatorData), signature: b64u(r.signature), userHandle: b64u(r.userHandle) },
    };
  }

  function say(form, message) {
    var el = form.querySelector('[data-webauthn-error]');
    if (el) { el.textContent = message || ''; el.hidden = !message; }
  }

  document.addEventListener('submit', function (e) {
    var form = e.target, kind = form.getAttribute('data-webauthn'), reg = kind === 'register';
    if (!reg && kind !== 'authenticate') return;
    if (form.hasAttribute('data-webauthn-done')) return form.removeAttribute('data-webauthn-done'); // our own resubmission
    e.preventDefault();
    e.stopPropagation(); // capture phase: htmx (or anything else) sees only the submission with the credential
    if (!PKC || !navigator.credentials) return say(form, form.getAttribute('data-unsupported-message'));
    if (form.hasAttribute('aria-busy')) return;
    var submitter = e.submitter;
    form.setAttribute('aria-busy', 'true');
    say(form, '');
    new Promise(function (ok) {
      var src = form.getAttribute('data-options') || (form.querySelector('script[type="application/json"]') || {}).textContent;
      var publicKey = parse(reg, JSON.parse(src));
      ok(reg ? navigator.credentials.create({ publicKey: publicKey }) : navigator.credentials.get({ publicKey: publicKey }));
    }).then(function (cred) {
      var field = form.querySelector('input[name="credential"]');
      if (!field) {
        field = form.appendChild(document.createElement('input'));
        field.type = 'hidden';
        field.name = 'credential';
      }
      field.value = JSON.stringify(json(cred));
      form.removeAttribute('aria-busy');
      form.setAttribute('data-webauthn-done', '');
      form.requestSubmit(submitter || undefined);
    }, function () {
      // Cancelled, timed out or no authenticator: nothing is sent; the page's message offers the other ways in.
      form.removeAttribute('aria-busy');
      say(form, form.getAttribute('data-error-message'));
    });
  }, true);
})();
