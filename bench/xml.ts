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
console.log(
  JSON.stringify({
    bench: 'xml',
    files: docs.length,
    rounds,
    ours_files_per_s: oursRate,
    bare_parse_files_per_s: bareRate,
    overhead_ratio: Math.round((bareRate / oursRate) * 100) / 100,
  }),
);
