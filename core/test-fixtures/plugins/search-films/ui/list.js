customElements.define('mn-search-films-list', class extends HTMLElement {
  connectedCallback() { this.textContent = 'Six films'; }
});
