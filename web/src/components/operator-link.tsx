/**
 * The way to the operator page (`#/operator`), for the accounts in `ADMIN_ACCOUNTS` only: in a file of
 * its own, so the shell can place it without loading the operator page itself.
 */
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api } from '../api.js';
import { words } from '../i18n/index.js';
import { OPERATOR } from '../i18n/operator.js';

/** Whether this account may see the page: asked once a page load (null until answered). */
const admin = signal<boolean | null>(null);
let asked = false;
function ask(): void {
  asked = true;
  api.adminMe().then(
    (me) => {
      admin.value = me.admin;
    },
    () => {
      admin.value = false;
    },
  );
}

/** The account changed (signed out, deleted): ask again, and show nothing until answered. */
export function forgetOperator(): void {
  admin.value = null;
  ask();
}

/**
 * A link to the operator page for operators (`/api/admin/me` says `admin: true`); nothing for anyone
 * else, and nothing while the question is open. Place it anywhere in the shell (header, footer).
 */
export function OperatorLink(props: { class?: string }) {
  const t = words(OPERATOR);
  useEffect(() => {
    if (!asked) ask();
  }, []);
  if (!admin.value) return null;
  return (
    <a href="#/operator" class={`operator-link${props.class ? ` ${props.class}` : ''}`}>
      {t.link}
    </a>
  );
}
