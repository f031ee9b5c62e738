// Jobs main runs (migrations, later volume copies): loaded with the snapshot (jobList), kept
// current by `job-changed` / `job-removed` events, so a page reload shows the same list. Also
// whether the Jobs panel is open. Job data is main's; nothing here changes it except a request's
// own result (applied like its event would be).
import { create } from 'zustand';
import type { ApiEvent } from '../../../shared/api';
import type { Job } from '../../../shared/jobs';

export interface JobStoreState {
  /** Oldest first, as jobList gives them; new jobs join at the end. */
  jobs: Job[];
  /** The Jobs panel shows. */
  open: boolean;
  loadJobs(jobs: readonly Job[]): void;
  applyJobEvents(events: readonly ApiEvent[]): void;
  setOpen(open: boolean): void;
}

/** The list after one event; the same array when the event changes nothing. */
export function jobsAfter(jobs: Job[], ev: ApiEvent): Job[] {
  if (ev.type === 'job-changed') {
    const i = jobs.findIndex((j) => j.id === ev.job.id);
    if (i < 0) return [...jobs, ev.job];
    const next = jobs.slice();
    next[i] = ev.job;
    return next;
  }
  if (ev.type === 'job-removed') {
    return jobs.some((j) => j.id === ev.jobId) ? jobs.filter((j) => j.id !== ev.jobId) : jobs;
  }
  return jobs;
}

export const useJobStore = create<JobStoreState>()((set, get) => ({
  jobs: [],
  open: false,

  loadJobs: (jobs) => set({ jobs: [...jobs] }),

  applyJobEvents: (events) => {
    let jobs = get().jobs;
    for (const ev of events) jobs = jobsAfter(jobs, ev);
    if (jobs !== get().jobs) set({ jobs });
  },

  setOpen: (open) => set({ open }),
}));

/** The newest job about this VM (by UUID: it keeps it on the destination), or undefined. */
export function latestJobOf(jobs: readonly Job[], vmId: string): Job | undefined {
  for (let i = jobs.length - 1; i >= 0; i--) if (jobs[i]!.vmId === vmId) return jobs[i];
  return undefined;
}

export function runningJobOf(jobs: readonly Job[], vmId: string): Job | undefined {
  return jobs.find((j) => j.vmId === vmId && j.state === 'running');
}
