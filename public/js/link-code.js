// One-time links from e-mails carry their code after '#' (decision 0068): browsers never send
// that part to a server, nor in Referer, so the code reaches Commonwise only in a form's body.
// <input name="token" data-link-code="fill|submit">: filled with the code and its field hidden;
// "submit" also sends the form (the confirmation link); "fill" leaves the rest to the person
// (the new password). The code then leaves the address bar and the history entry. Without
// JavaScript the field stays, for the code pasted from the e-mail.
(function () {
  'use strict';
  var code = decodeURIComponent(location.hash.slice(1));
  if (!/^[A-Za-z0-9_-]{16,200}$/.test(code)) return;
  history.replaceState(history.state, '', location.pathname + location.search);
  var input = document.querySelector('input[data-link-code]');
  if (!input || input.value) return;
  input.value = code;
  var field = input.closest('.field');
  if (field) field.hidden = true;
  if (input.getAttribute('data-link-code') === 'submit') input.form.requestSubmit();
})();
