// bench/hardware: what opening a VM's Hardware tab costs on a libvirt host over SSH. hardwareGet
// (the domain's two definitions, capabilities, freepages, domcapabilities in one batch; networks,
// interfaces and PCI devices alongside) and hardwarePlan (the same read plus the shared plan) next
// to vmGetXml (one re-read of the domain: the cheapest call that asks the host about a VM) as the
// baseline, in the same run, calls alternating. Read-only, on the testbed's vd-tiny. Medians of
// ROUNDS calls each; prints one JSON line. Run: npx tsx bench/hardware.ts
import type { TestbedInfo } from '../test/support/testbed';
import { makeSshHome, requireTestbed } from '../test/support/testbed';
import { connectBenchDriver, median } from './support/benchDriver';

const ROUNDS = Number(process.env.VIRTDESK_BENCH_ROUNDS ?? 15);

async function main(): Promise<void> {
  const tb: TestbedInfo = requireTestbed();
  const home = makeSshHome(tb, { keys: ['key'] });
  const { driver } = await connectBenchDriver(tb, home);
  try {
    const vm = (await driver.vmList()).find((v) => v.name === tb.guest.name);
    if (!vm) throw new Error(`${tb.guest.name} is not on the testbed`);
    const change = {
      section: 'cpu' as const,
      cpu: (await driver.hardware.hardwareGet({ vmId: vm.id })).hardware.cpu,
    };
    const times = { get: [] as number[], plan: [] as number[], xml: [] as number[] };
    const time = async (list: number[], f: () => Promise<unknown>) => {
      const t0 = performance.now();
      await f();
      list.push(performance.now() - t0);
    };
    for (let i = 0; i < ROUNDS; i++) {
      await time(times.xml, () => driver.vmGetXml(vm.id));
      await time(times.get, () => driver.hardware.hardwareGet({ vmId: vm.id }));
      await time(times.plan, () => driver.hardware.hardwarePlan({ vmId: vm.id, change }));
    }
    const r = (xs: number[]) => Math.round(median(xs) * 10) / 10;
    console.log(
      JSON.stringify({
        bench: 'hardware',
        transport: 'ssh',
        rounds: ROUNDS,
        hardware_get_ms: r(times.get),
        hardware_plan_ms: r(times.plan),
        baseline_vm_get_xml_ms: r(times.xml),
      }),
    );
  } finally {
    await driver.close();
    home.cleanup();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
