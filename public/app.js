// Progressive enhancement only: every page works without JavaScript.
document.addEventListener('DOMContentLoaded', () => {
  const firstInvalid = document.querySelector('[aria-invalid="true"]');
  if (firstInvalid instanceof HTMLElement) firstInvalid.focus();
  setUpLivePreview();
});

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
      // Rendered HTML never joins this page: it shows in a sandbox (no scripts, forms or same origin).
      const frame = document.createElement('iframe');
      frame.id = 'preview-frame';
      frame.title = 'Preview of the rendered HTML';
      frame.className = 'preview-frame';
      frame.setAttribute('sandbox', '');
      frame.setAttribute('referrerpolicy', 'no-referrer');
      frame.srcdoc = result.html;
      body.append(frame);
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
