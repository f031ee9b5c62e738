// Parse + serialize throughput of the libvirt XML library over every fixture, next to
// fast-xml-parser's bare XMLParser.parse (same options) over the same files in the same run, so
// the ratio shows what the guards, validation and serialization cost on top of the parser itself.
// Prints one JSON line. Run: npx tsx bench/xml.ts
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { PARSER_OPTIONS, parseXml, serializeXml } from '../src/shared/libvirt-xml';

const FIXTURES = path.resolve(__dirname, '../test/fixtures/libvirt-xml');
const WARMUP_ROUNDS = 3;
const MIN_ROUNDS = 10;
const MIN_MEASURED_MS = 2000;

function listXml(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
}

const docs = listXml(FIXTURES);
if (docs.length === 0) throw new Error(`no fixtures under ${FIXTURES}`);
const bare = new XMLParser(PARSER_OPTIONS);
let sink = 0;

function ours(): void {
  for (const text of docs) sink += serializeXml(parseXml(text)).length;
}

function bareParse(): void {
  for (const text of docs) sink += (bare.parse(text) as unknown[]).length;
}

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

for (let i = 0; i < WARMUP_ROUNDS; i++) {
  ours();
  bareParse();
}

// Alternate the two so drift in clock speed or GC pressure hits both alike.
let oursMs = 0;
let bareMs = 0;
let rounds = 0;
while (rounds < MIN_ROUNDS || oursMs + bareMs < MIN_MEASURED_MS) {
  bareMs += time(bareParse);
  oursMs += time(ours);
  rounds++;
}

// Consuming the results keeps the engine from optimizing the work away.
if (sink === 0) throw new Error('benchmark produced no output');
const perSecond = (ms: number) => Math.round((docs.length * rounds * 1000) / ms);
const oursRate = perSecond(oursMs);
const bareRate = perSecond(bareMs);

// Hostile input must be refused fast, not recursed into or expanded: the slowest refusal of
// each kind (best of 5), next to the time the same library takes for a plain domain.
const HOSTILE: Record<string, string> = {
  deep_nesting: '<a>'.repeat(100_000) + '</a>'.repeat(100_000),
  entity_expansion:
    '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><domain>&b;</domain>',
  unclosed: '<domain>' + '<devices>'.repeat(90) + 'x'.repeat(1_000_000),
};
function refusalMs(text: string): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    try {
      parseXml(text);
      throw new Error('hostile input was accepted');
    } catch (e) {
      if (e instanceof Error && e.message === 'hostile input was accepted') throw e;
    }
    best = Math.min(best, performance.now() - started);
  }
  return Math.round(best * 10) / 10;
}
const hostile = Object.fromEntries(Object.entries(HOSTILE).map(([k, v]) => [k, refusalMs(v)]));
console.log(
  JSON.stringify({
    bench: 'xml',
    files: docs.length,
    rounds,
    ours_files_per_s: oursRate,
    bare_parse_files_per_s: bareRate,
    overhead_ratio: Math.round((bareRate / oursRate) * 100) / 100,
    hostile_refusal_ms: hostile,
    hostile_refusal_max_ms: Math.max(...Object.values(hostile)),
  }),
);
