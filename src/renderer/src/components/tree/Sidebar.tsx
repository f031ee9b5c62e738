// The left column: a search box that filters VMs by name as you type, and the tree.
import { useAppStore } from '../../store/appStore';
import { DragHint } from './DragHint';
import { HostTree } from './HostTree';
import './tree.css';

export function Sidebar() {
  const search = useAppStore((s) => s.search);
  const setSearch = useAppStore((s) => s.setSearch);
  const vmCount = useAppStore((s) => Object.keys(s.vms).length);
  const hostCount = useAppStore((s) => s.hostOrder.length);
  const loaded = useAppStore((s) => s.loaded);
  return (
    <nav className="sidebar" aria-label="Inventory">
      <div className="sidebar-search">
        <input
          type="search"
          aria-label="Search"
          placeholder={`Filter ${vmCount} VMs by name`}
          value={search}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <HostTree />
      <DragHint />
      <footer
        className="sidebar-footer"
        data-testid="vm-total"
        data-count={loaded ? vmCount : undefined}
      >
        {loaded &&
          `${vmCount} ${vmCount === 1 ? 'VM' : 'VMs'} on ${hostCount} ${hostCount === 1 ? 'host' : 'hosts'}`}
      </footer>
    </nav>
  );
}
