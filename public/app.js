// Progressive enhancement only: every page works without JavaScript.
document.addEventListener('DOMContentLoaded', () => {
  const firstInvalid = document.querySelector('[aria-invalid="true"]');
  if (firstInvalid instanceof HTMLElement) firstInvalid.focus();
});
