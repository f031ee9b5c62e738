// The window: top bar, banners, the inventory sidebar and the detail pane, the Jobs list below.
import { Sidebar } from '../tree/Sidebar';
import { PromptHost } from '../connection/PromptHost';
import { NoticeBanner } from '../notices/NoticeBanner';
import { JobsPanel } from '../jobs/JobsPanel';
import { DetailPane } from './DetailPane';
import { DialogHost } from './DialogHost';
import { LinkBanner } from './LinkBanner';
import { TopBar } from './TopBar';
import { useUnloadGuard } from './useUnloadGuard';
import './layout.css';

export function App() {
  useUnloadGuard();
  return (
    <div className="app">
      <TopBar />
      <LinkBanner />
      <NoticeBanner />
      <div className="workspace">
        <Sidebar />
        <DetailPane />
      </div>
      <JobsPanel />
      <DialogHost />
      <PromptHost />
    </div>
  );
}
