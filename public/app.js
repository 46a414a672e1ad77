// Progressive enhancement only: every page works without JavaScript.
document.addEventListener('DOMContentLoaded', () => {
  const firstInvalid = document.querySelector('[aria-invalid="true"]');
  if (firstInvalid instanceof HTMLElement) firstInvalid.focus();
  setUpLivePreview();
  setUpHeaderMenu();
  setUpCopyButtons();
  setUpQuestionRows();
  setUpVariablePicker();
  setUpTaskProgress();
  setUpImportProgress();
  setUpSelectAll();
});

/** Adds, removes and reorders question rows in place; without JavaScript the buttons post the form. */
function setUpQuestionRows() {
  const fieldset = document.getElementById('question-rows');
  if (!fieldset) return;
  const renumber = () => {
    const rows = [...fieldset.querySelectorAll('.question-row')];
    rows.forEach((row, i) => {
      const n = i + 1;
      row.querySelector('input[name="position"]').value = String(n);
      const label = row.querySelector('.question-label');
      const textarea = row.querySelector('textarea');
      textarea.id = `question-${i}`;
      label.htmlFor = textarea.id;
      label.textContent = `Question ${n}`;
      const [up, down, remove] = row.querySelectorAll('.row-actions button');
      up.setAttribute('aria-label', `Move question ${n} up`);
      down.setAttribute('aria-label', `Move question ${n} down`);
      remove.setAttribute('aria-label', `Remove question ${n}`);
      up.disabled = i === 0;
      down.disabled = i === rows.length - 1;
    });
  };
  fieldset.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[name="rowAction"]') : null;
    if (!(button instanceof HTMLButtonElement)) return;
    event.preventDefault();
    const rows = [...fieldset.querySelectorAll('.question-row')];
    const row = button.closest('.question-row');
    const [verb] = button.value.split(':');
    if (verb === 'add') {
      const template = rows.at(-1);
      const fresh = template.cloneNode(true);
      fresh.querySelector('textarea').value = '';
      fresh.querySelector('input[name="questionId"]').value = '';
      fresh.querySelector('.field-error')?.remove();
      template.after(fresh);
      renumber();
      fresh.querySelector('textarea').focus();
      return;
    }
    if (!row) return;
    if (verb === 'remove') {
      if (rows.length === 1) row.querySelector('textarea').value = '';
      else row.remove();
    } else if (verb === 'up' && row.previousElementSibling?.classList.contains('question-row')) {
      row.previousElementSibling.before(row);
    } else if (verb === 'down' && row.nextElementSibling?.classList.contains('question-row')) {
      row.nextElementSibling.after(row);
    }
    renumber();
    button.focus();
  });
}

/** Inserts a variable where the cursor was in the title, body or a question. */
function setUpVariablePicker() {
  const picker = document.getElementById('variable-picker');
  if (!picker) return;
  let target = document.querySelector('[data-variable-target]');
  document.addEventListener('focusin', (event) => {
    if (event.target instanceof Element && event.target.matches('[data-variable-target]'))
      target = event.target;
  });
  for (const button of picker.querySelectorAll('button.insert-variable')) {
    button.hidden = false;
    button.addEventListener('click', () => {
      if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
      const token = button.dataset.token ?? '';
      const start = target.selectionStart ?? target.value.length;
      const end = target.selectionEnd ?? start;
      target.setRangeText(token, start, end, 'end');
      target.focus();
    });
  }
}

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

/** Progress pages: asks the status JSON every second and moves the bar; without JavaScript the page reloads itself. */
function setUpTaskProgress() {
  const box = document.querySelector('[data-task-status-url]');
  if (!box || box.dataset.status !== 'running') return;
  const bar = box.querySelector('progress');
  const count = box.querySelector('.task-count');
  const state = box.querySelector('.task-state');
  const download = box.querySelector('.task-download');
  const label = box.querySelector('label');
  const poll = async () => {
    let task;
    try {
      const response = await fetch(box.dataset.taskStatusUrl, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(String(response.status));
      task = await response.json();
    } catch {
      state.textContent = 'Could not ask for the progress; reload the page to try again.';
      return;
    }
    bar.max = task.total;
    bar.value = task.done;
    bar.textContent = `${task.percent}%`;
    count.textContent = `${task.done} of ${task.total}`;
    box.dataset.status = task.status;
    if (task.status === 'running') {
      setTimeout(poll, 1000);
      return;
    }
    label.firstChild.textContent =
      task.status === 'done' ? 'Done: ' : task.status === 'expired' ? 'Expired: ' : 'Stopped: ';
    if (task.status === 'done') {
      state.textContent = 'Ready.';
      download.querySelector('a').href = task.downloadUrl;
      download.hidden = false;
    } else {
      state.textContent = task.message || 'The work stopped.';
    }
  };
  setTimeout(poll, 500);
}

/** While a company import runs, polls its JSON status and moves the progress bar; without JavaScript the page refreshes itself. */
function setUpImportProgress() {
  const section = document.getElementById('import-status');
  if (!section || section.dataset.state !== 'importing') return;
  const bar = document.getElementById('import-progress');
  const count = section.querySelector('.import-count');
  const poll = async () => {
    const response = await fetch(section.dataset.statusUrl, { headers: { accept: 'application/json' } });
    if (!response.ok) return;
    const status = await response.json();
    if (bar instanceof HTMLProgressElement) {
      bar.max = status.total;
      bar.value = status.done;
    }
    if (count) count.textContent = `${status.done} of ${status.total}`;
    if (status.state === 'importing') setTimeout(poll, 500);
    else window.location.reload();
  };
  setTimeout(poll, 300);
}

/** "Select all on this page" for the board's bulk actions; without JavaScript each row is ticked by hand. */
function setUpSelectAll() {
  for (const box of document.querySelectorAll('input[data-select-all]')) {
    const form = box.closest('form');
    const rows = () => [...form.querySelectorAll(`input[type="checkbox"][name="${box.dataset.selectAll}"]`)];
    box.addEventListener('change', () => {
      for (const row of rows()) row.checked = box.checked;
    });
    form.addEventListener('change', (event) => {
      if (event.target === box) return;
      const all = rows();
      box.checked = all.length > 0 && all.every((r) => r.checked);
      box.indeterminate = !box.checked && all.some((r) => r.checked);
    });
  }
}
