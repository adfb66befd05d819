customElements.define('mn-hello-card', class extends HTMLElement { connectedCallback() { this.textContent = 'hello'; } });
