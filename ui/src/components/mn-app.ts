import { LitElement, css, html } from 'lit';
import { api, ApiError, live, onConnectionChange, reconnect } from '@medianest/sdk/browser';
import { fetchManifest, type PageEntry } from '../manifest.ts';
import { shared } from '../theme.ts';
import './mn-dashboard.ts';
import './mn-admin-plugins.ts';
import './mn-plugin-page.ts';
import './mn-sign-in.ts';
import './mn-admin-users.ts';
import './mn-admin-audit.ts';
import './mn-admin-sessions.ts';
import './mn-admin-access.ts';
import './mn-account.ts';
import './mn-account-sessions.ts';
import './mn-profile.ts';
import './mn-link-form.ts';
import './mn-first-run.ts';
import './mn-skeleton.ts';
import { applyTheme, restoreTheme, type Theme } from '../theme-choice.ts';

restoreTheme();
import './mn-search.ts';

interface Me {
  user: { id: string; name: string; role: 'admin' | 'user' } | null;
  /** Signed in with a temporary password: the server refuses everything else until a new one is chosen. */
  mustChangePassword?: boolean;
}

/** The shell: header, navigation, and the view the location hash names. */
export class MnApp extends LitElement {
  static properties = {
    route: { state: true }, me: { state: true }, pages: { state: true }, online: { state: true }, setupNeeded: { state: true }, problem: { state: true },
    ended: { state: true }, publicWidgets: { state: true }, guide: { state: true }, mustChangePassword: { state: true },
  };
  /** This session signed in with a temporary password: only the form to choose a new one is shown. */
  declare mustChangePassword: boolean;
  /** Why this tab was signed out (its session ended, its account was disabled), shown on the sign-in page. */
  declare ended: string | undefined;
  /** Whether an admin made some widgets public (anonymous visitors then see the dashboard). */
  declare publicWidgets: boolean;
  /** The first-run guide for admins, until dismissed. */
  declare guide: boolean;
  declare route: string;
  declare setupNeeded: boolean;
  declare me: Me['user'] | undefined;
  declare pages: PageEntry[];
  declare online: boolean;
  /** Why MediaNest cannot say who is signed in just now (it is asked again every few seconds). */
  declare problem: string | undefined;
  private cleanups: Array<() => void> = [];
  private retryMe?: ReturnType<typeof setTimeout>;

  static styles = [
    shared,
    css`
      :host { display: block; min-height: 100vh; }
      header {
        display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem;
        padding: 0.75rem 1rem; background: var(--mn-surface); border-bottom: 1px solid var(--mn-border);
      }
      .brand { font-weight: 700; font-size: 1.1rem; color: var(--mn-text); text-decoration: none; display: inline-flex; align-items: center; gap: 0.45rem; }
      .brand img { width: 1.6rem; height: 1.6rem; }
      .message { max-width: 36rem; }
      .message p { margin: 0.5rem 0; }
      nav { display: flex; flex-wrap: wrap; gap: 0.25rem; flex: 1; }
      nav a { padding: 0.35rem 0.6rem; border-radius: 6px; text-decoration: none; color: var(--mn-muted); }
      nav a[aria-current='page'] { background: var(--mn-bg); color: var(--mn-text); font-weight: 600; }
      .header-search { flex: 0 1 21rem; }
      @media (max-width: 40rem) { .header-search { flex: 1 1 100%; order: 3; } }
      .who { display: flex; align-items: center; gap: 0.5rem; font-size: 0.9rem; }
      .dot { width: 0.6rem; height: 0.6rem; border-radius: 50%; background: var(--mn-idle); }
      .dot.on { background: var(--mn-ok); }
      .problem { margin: 0; padding: 0.5rem 1rem; background: var(--mn-surface); border-bottom: 2px solid var(--mn-bad); overflow-wrap: anywhere; }
      button.link { font: inherit; background: none; border: 0; padding: 0; color: var(--mn-accent); cursor: pointer; text-decoration: underline; }
      main { padding: 1rem; max-width: 80rem; margin: 0 auto; }
      h1 { font-size: 1.25rem; margin: 0 0 1rem; }
      main > h2 { margin: 1.5rem 0 0.6rem; }
      nav.tabs { display: flex; gap: 0.25rem; margin: -0.5rem 0 1rem; flex-wrap: wrap; }
      nav.tabs a { padding: 0.3rem 0.6rem; border-radius: 6px; text-decoration: none; color: var(--mn-muted); }
      nav.tabs a[aria-current='page'] { background: var(--mn-surface); color: var(--mn-text); font-weight: 600; }
    `,
  ];

  constructor() {
    super();
    this.route = location.hash || '#/';
    this.pages = [];
    this.online = false;
    this.publicWidgets = false;
    this.guide = false;
    this.mustChangePassword = false;
  }

  connectedCallback() {
    super.connectedCallback();
    const onHash = () => (this.route = location.hash || '#/');
    window.addEventListener('hashchange', onHash);
    this.cleanups.push(() => window.removeEventListener('hashchange', onHash));
    this.cleanups.push(onConnectionChange((up) => {
      // The live connection closed while signed in: the session may have ended; ask (the reason, when sent, is already shown).
      if (this.online && !up && this.me) setTimeout(() => void this.loadMe(), 500);
      this.online = up;
    }));
    this.cleanups.push(live('core.plugins.changed', () => void this.loadPages()));
    // The core says why before it closes this tab's connection (session ended, account disabled).
    this.cleanups.push(live('core.session.ended', (data: { reason?: string }) => this.signedOutBy(data?.reason ?? 'Your session has ended')));
    // `/` puts the cursor in the search box (the dashboard's, else the header's), unless typing somewhere.
    const onSlash = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const typing = e.composedPath().some((el) => el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)));
      if (typing) return;
      const dashboard = this.renderRoot.querySelector('mn-dashboard');
      const box = (dashboard?.shadowRoot?.querySelector('mn-search') ?? this.renderRoot.querySelector('header mn-search')) as HTMLElement | null;
      if (!box) return;
      e.preventDefault();
      box.focus();
    };
    window.addEventListener('keydown', onSlash);
    this.cleanups.push(() => window.removeEventListener('keydown', onSlash));
    // Back to a tab left open: is it still signed in?
    const onFocus = () => { if (this.me) void this.loadMe(); };
    window.addEventListener('focus', onFocus);
    this.cleanups.push(() => window.removeEventListener('focus', onFocus));
    void this.loadMe();
    void api<{ needed: boolean }>('/api/setup').then((s) => (this.setupNeeded = s.needed), () => {});
  }

  /** Shows the sign-in page with the reason, instead of a header that still says signed in. */
  private signedOutBy(reason: string) {
    this.ended = reason;
    this.me = null;
    this.pages = [];
    // The core closes this tab's live connection and socket.io does not open it again by itself:
    // open it signed out, so the header says "live" (not "offline") while the server is fine.
    reconnect();
    if (!this.route.startsWith('#/sign-in')) location.hash = '#/sign-in';
  }

  private async loadMe() {
    clearTimeout(this.retryMe);
    try {
      const before = this.me;
      const me = await api<Me>('/api/me');
      this.me = me.user;
      this.mustChangePassword = me.mustChangePassword === true;
      this.problem = undefined;
      if (before && !this.me && !this.ended) this.signedOutBy('Your session has ended: sign in again');
      if (this.me) void this.loadProfile();
    } catch (err) {
      // Unreachable or failing (Redis away, say) is not "signed out": say so and ask again.
      if (err instanceof ApiError && (err.status === 0 || err.status >= 500)) {
        this.problem = `${err.message}. Trying again…`;
        this.retryMe = setTimeout(() => void this.loadMe(), 5000);
        return;
      }
      this.me = null;
    }
    await this.loadPages();
  }

  /** Applies the person's theme. */
  private async loadProfile() {
    try {
      const p = await api<{ theme: Theme }>('/api/me/profile');
      applyTheme(p.theme);
    } catch {
      /* the profile is a nicety here; the account page says what is wrong */
    }
  }

  private async signedIn() {
    const claimed = this.setupNeeded;
    this.setupNeeded = false;
    this.ended = undefined;
    // The live socket was opened signed out: open it again so events for signed-in people arrive.
    reconnect();
    await this.loadMe();
    if (claimed) {
      try { localStorage.removeItem('mn-first-run-done'); } catch { /* ignore */ }
    }
    location.hash = '#/';
  }

  /** The temporary password is replaced: the live connection opens again to hear the household's events. */
  private async passwordChosen() {
    reconnect();
    await this.loadMe();
  }

  private async signOut() {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => {});
    reconnect();
    await this.loadMe();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.retryMe);
    this.cleanups.splice(0).forEach((fn) => fn());
  }

  private async loadPages() {
    try {
      const manifest = await fetchManifest();
      this.pages = manifest.pages;
      this.publicWidgets = !this.me && manifest.widgets.length > 0;
    } catch {
      this.pages = [];
    }
    let dismissed = false;
    try { dismissed = localStorage.getItem('mn-first-run-done') === '1'; } catch { /* ignore */ }
    this.guide = this.me?.role === 'admin' && !dismissed;
  }

  private message(title: string, text: unknown, link = html`<a href="#/">Go to the dashboard</a>`) {
    return html`<section class="message card" data-page=${title}><h1>${title}</h1><p>${text}</p><p>${link}</p></section>`;
  }

  private onDashboard() {
    return this.route === '#/' || this.route === '#' || this.route === '';
  }

  private link(href: string, label: string) {
    const current = this.route === href || (href !== '#/' && this.route.startsWith(href));
    return html`<a href=${href} aria-current=${current ? 'page' : 'false'}>${label}</a>`;
  }

  private view() {
    if (this.setupNeeded || this.route.startsWith('#/setup')) {
      return html`<h1>Set up MediaNest</h1><mn-sign-in mode="setup" @signed-in=${this.signedIn}></mn-sign-in>`;
    }
    const link = /^#\/(invite|reset)\/([A-Za-z0-9_-]+)$/.exec(this.route);
    if (link) {
      return html`<h1>${link[1] === 'invite' ? 'Join MediaNest' : 'Choose a new password'}</h1>
        <mn-link-form .kind=${link[1]} .token=${link[2]} @signed-in=${this.signedIn}></mn-link-form>`;
    }
    if (this.me === undefined && !this.problem) return html`<section aria-busy="true" aria-label="Loading"><mn-skeleton lines="3"></mn-skeleton></section>`;
    // Signed-out visitors see the sign-in page, unless an admin made some widgets public.
    const signIn = html`<h1>Sign in</h1><mn-sign-in .notice=${this.ended} @signed-in=${this.signedIn}></mn-sign-in>`;
    if (this.route.startsWith('#/sign-in')) return this.me ? this.message('You are signed in', `As ${this.me.name}.`) : signIn;
    if (!this.me && !(this.publicWidgets && (this.route === '#/' || this.route === '#'))) return signIn;
    if (this.mustChangePassword) {
      return html`<h1>Choose a new password</h1><mn-profile password-only @password-changed=${this.passwordChosen}></mn-profile>`;
    }
    if (this.route.startsWith('#/account')) return html`<h1>Your account</h1><mn-profile @profile-changed=${() => this.loadMe()}></mn-profile><h2>Where you are signed in</h2><mn-account-sessions></mn-account-sessions><h2>API tokens</h2><mn-account></mn-account>`;
    if (this.route.startsWith('#/admin') && this.me?.role !== 'admin') {
      return this.message("You don't have access", 'This page is for admins. If you need something changed, ask whoever runs this MediaNest.');
    }
    if (this.route.startsWith('#/admin')) {
      const tab = /^#\/admin\/(users|sessions|access|audit)/.exec(this.route)?.[1] ?? 'plugins';
      const tabs = html`<nav class="tabs" aria-label="Admin">
        ${this.link('#/admin/plugins', 'Plugins')}${this.link('#/admin/users', 'Users')}${this.link('#/admin/sessions', 'Sessions')}${this.link('#/admin/access', 'Access')}${this.link('#/admin/audit', 'Audit log')}
      </nav>`;
      if (tab === 'users') return html`<h1>Users</h1>${tabs}<mn-admin-users></mn-admin-users>`;
      if (tab === 'sessions') return html`<h1>Sessions</h1>${tabs}<mn-admin-sessions></mn-admin-sessions>`;
      if (tab === 'access') return html`<h1>Access</h1>${tabs}<mn-admin-access></mn-admin-access>`;
      if (tab === 'audit') return html`<h1>Audit log</h1>${tabs}<mn-admin-audit></mn-admin-audit>`;
      return html`<h1>Plugins</h1>${tabs}<mn-admin-plugins></mn-admin-plugins>`;
    }
    const match = /^#\/p\/([a-z0-9-]+)\/?(.*)$/.exec(this.route);
    if (match) {
      // A page may take a query after its path (#/p/overseerr/?q=matrix, from the search box).
      const path = match[2]!.split('?')[0];
      const page = this.pages.find((p) => p.plugin === match[1] && p.path === path);
      if (!page) return this.message('Page not found', 'This page does not exist, or its plugin is switched off.');
      return html`<h1>${page.title}</h1><mn-plugin-page .page=${page}></mn-plugin-page>`;
    }
    if (this.route !== '' && !/^#\/?(\?.*)?$/.test(this.route)) return this.message('Page not found', "There is nothing at this address. The link may be old or mistyped.");
    return html`<h1>Dashboard</h1>${this.guide ? html`<mn-first-run @dismissed=${() => (this.guide = false)}></mn-first-run>` : ''}<mn-dashboard .me=${this.me}></mn-dashboard>`;
  }

  render() {
    return html`
      <header>
        <a class="brand" href="#/"><img src="/logo.svg" alt="" width="26" height="26" />MediaNest</a>
        <nav aria-label="Main">
          ${this.link('#/', 'Dashboard')}
          ${this.mustChangePassword ? '' : this.pages.map((p) => this.link(`#/p/${p.plugin}/${p.path}`, p.title))}
          ${this.me?.role === 'admin' && !this.mustChangePassword ? this.link('#/admin', 'Admin') : ''}
        </nav>
        ${this.me && !this.mustChangePassword && !this.onDashboard() ? html`<mn-search class="header-search"></mn-search>` : ''}
        <span class="who">
          <span class="dot ${this.online ? 'on' : ''}" title=${this.online ? 'Live updates on' : 'Live updates off'}></span>
          <span>${this.online ? 'live' : 'offline'}</span>
          ${this.me
            ? html`<a href="#/account" class="muted">· ${this.me.name}</a><button class="link" @click=${this.signOut}>Sign out</button>`
            : this.me === null ? html`<a href="#/sign-in">Sign in</a>` : ''}
        </span>
      </header>
      ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : ''}
      <main>${this.view()}</main>
    `;
  }
}
customElements.define('mn-app', MnApp);
