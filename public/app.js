// Progressive enhancement only: every page works without JavaScript.
document.addEventListener('DOMContentLoaded', () => {
  const firstInvalid = document.querySelector('[aria-invalid="true"]');
  if (firstInvalid instanceof HTMLElement) firstInvalid.focus();
  setUpLivePreview();
  setUpHeaderMenu();
});

/**
 * The header's Menu is a <details> disclosure that works without JavaScript. Here: Escape closes it,
 * and browsers without ::details-content get it held open on wide screens, where it shows inline.
 */
function setUpHeaderMenu() {
  const menu = document.querySelector('.site-header .nav-menu');
  if (!(menu instanceof HTMLDetailsElement)) return;
  menu.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !menu.open) return;
    menu.open = false;
    menu.querySelector('summary')?.focus();
  });
  if (CSS.supports('selector(::details-content)')) return;
  const wide = window.matchMedia('(min-width: 1280px)');
  const follow = () => {
    menu.open = wide.matches;
  };
  follow();
  wide.addEventListener('change', follow);
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

// Holiday calendar: read a chosen .ics file into the import form's text field.
for (const input of document.querySelectorAll('[data-ics-file]')) {
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    const form = input.closest('form');
    if (!file || !form) return;
    form.querySelector('[data-ics-text]').value = await file.text();
    form.querySelector('[data-ics-filename]').value = file.name;
  });
}
