import './components/mn-app.ts';
