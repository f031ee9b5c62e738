// Renderer entry: connect the api, start mirroring main's state into the store, render the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getConnection } from './api';
import { App } from './components/layout/App';
import { startSync } from './store/sync';
import './styles/base.css';

startSync(getConnection());

const root = document.getElementById('root');
if (!root) throw new Error('virtdesk: #root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
