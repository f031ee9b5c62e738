// Renderer entry: connect the api, start mirroring main's state into the store, render the app,
// or only one VM's serial console when the page was opened for that (`?console=HOST/VM`).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getConnection } from './api';
import { App } from './components/layout/App';
import { ConsoleWindow } from './components/layout/ConsoleWindow';
import { consoleOnlyKey, displayOnlyKey } from './lib/consoleUrl';
import { dropTokenFromAddress } from './lib/tokenUrl';
import { startSync } from './store/sync';
import './styles/base.css';

// Before connecting: the api socket then authenticates with the cookie, as every later page does.
dropTokenFromAddress(window.location, window.history);
startSync(getConnection());

const root = document.getElementById('root');
if (!root) throw new Error('virtdesk: #root is missing from index.html');
const consoleKey = consoleOnlyKey(window.location);
const displayKey = displayOnlyKey(window.location);
createRoot(root).render(
  <StrictMode>
    {consoleKey ? (
      <ConsoleWindow vmKey={consoleKey} />
    ) : displayKey ? (
      <ConsoleWindow vmKey={displayKey} show="display" />
    ) : (
      <App />
    )}
  </StrictMode>,
);
