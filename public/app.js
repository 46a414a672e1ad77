// Progressive enhancement only: every page works without JavaScript.
document.addEventListener('DOMContentLoaded', () => {
  const firstInvalid = document.querySelector('[aria-invalid="true"]');
  if (firstInvalid instanceof HTMLElement) firstInvalid.focus();
  setUpLivePreview();
  setUpCopyButtons();
});

/** "Copy" buttons beside sign-on links; without JavaScript the link is selectable text. */
function setUpCopyButtons() {
  for (const button of document.querySelectorAll('button.copy-link')) {
    if (!navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      await navigator.clipboard.writeText(button.dataset.copy ?? '');
      button.textContent = 'Copied';
    });
  }
}

/** The template editor re-renders its preview as you type. */
function setUpLivePreview() {
  const form = document.getElementById('template-form');
  const pane = document.getElementById('preview');
  if (!(form instanceof HTMLFormElement) || !pane) return;
  let timer;
  let latest = 0;
  const refresh = async () => {
    const request = ++latest;
    const response = await fetch(form.dataset.previewUrl, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
    });
    if (request !== latest) return;
    const result = await response.json();
    pane.replaceChildren();
    if (result.error) {
      const error = document.createElement('div');
      error.className = 'flash flash-error';
      error.setAttribute('role', 'alert');
      error.id = 'preview-error';
      error.textContent = result.error;
      pane.append(error);
      return;
    }
    const context = document.createElement('p');
    context.className = 'muted small-text';
    context.textContent = `For ${result.contextLabel}`;
    const letter = document.createElement('article');
    letter.className = 'letter-preview';
    if (result.subject) {
      const header = document.createElement('header');
      header.innerHTML = '<strong>Subject:</strong> ';
      header.append(document.createTextNode(result.subject));
      letter.append(header);
    }
    const body = document.createElement('div');
    body.id = 'preview-body';
    if (result.html) {
      // Server-rendered and sanitized (letters) or escaped by the template (emails).
      body.innerHTML = result.html;
    } else {
      const pre = document.createElement('pre');
      pre.textContent = result.text ?? '';
      body.append(pre);
    }
    letter.append(body);
    pane.append(context, letter);
  };
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
}
