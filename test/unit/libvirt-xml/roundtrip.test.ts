import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  VIEW_ROOTS,
  XmlError,
  canonicalLines,
  childElements,
  nodeName,
  parseXml,
  readAnyView,
  serializeXml,
  type XmlDocument,
} from '../../../src/shared/libvirt-xml';
import { FIXTURES, listXml } from './fixtures';

type Outcome = 'passed' | 'refused' | string;

/** The typed view of the root, and of each viewable child of a test-driver <node> config. */
function readViews(doc: XmlDocument): void {
  readAnyView(doc);
  if (doc.rootName === 'node') {
    for (const child of childElements(doc.root)) {
      if ((VIEW_ROOTS as readonly string[]).includes(nodeName(child))) readAnyView(child);
    }
  }
}

function firstDifference(a: string[], b: string[]): string {
  const i = a.findIndex((line, k) => line !== b[k]);
  const at = i === -1 ? Math.min(a.length, b.length) : i;
  return `first difference at canonical line ${at}: ${a[at] ?? '(end)'} ≠ ${b[at] ?? '(end)'}`;
}

/**
 * parse → serialize → parse must give the same canonical tree, serializing twice must give the
 * same text, and the typed view must read it. A document refused up front with an XmlError is
 * 'refused' (a corpus may hold XML that is not libvirt's); anything else is a failure message.
 */
function roundTrip(file: string): Outcome {
  const text = fs.readFileSync(file);
  let first: XmlDocument;
  try {
    first = parseXml(text);
  } catch (e) {
    return e instanceof XmlError ? 'refused' : `parse crashed: ${String(e)}`;
  }
  try {
    const out = serializeXml(first);
    const second = parseXml(out);
    const a = canonicalLines(first);
    const b = canonicalLines(second);
    if (a.length !== b.length || a.some((line, i) => line !== b[i])) return firstDifference(a, b);
    if (serializeXml(second) !== out) return 'serializing the re-parsed tree changed the text';
    readViews(second);
    return 'passed';
  } catch (e) {
    return `round trip threw: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function runAll(dir: string, label: string) {
  const files = listXml(dir);
  const failures: string[] = [];
  let passed = 0;
  let refused = 0;
  for (const rel of files) {
    const outcome = roundTrip(path.join(dir, rel));
    if (outcome === 'passed') passed++;
    else if (outcome === 'refused') refused++;
    else failures.push(`${rel}: ${outcome}`);
  }
  const refusedNote = refused > 0 ? ` (${refused} refused as invalid input)` : '';
  console.log(`${label}: ${passed}/${files.length} files passed${refusedNote}`);
  return { files, failures, passed, refused };
}

describe('libvirt XML round trip', () => {
  it('every fixture (and VIRTDESK_XML_CORPUS, when set) survives parse → serialize → parse', () => {
    // A missing fixtures dir is a broken checkout, not a reason to skip.
    expect(fs.existsSync(FIXTURES), `fixtures dir ${FIXTURES} is missing`).toBe(true);
    const fixtures = runAll(FIXTURES, 'xml round trip');
    expect(fixtures.files.length).toBeGreaterThan(0);
    expect(fixtures.failures).toEqual([]);
    // Every fixture is real libvirt XML: none may be refused.
    expect(fixtures.refused).toBe(0);

    const corpus = process.env.VIRTDESK_XML_CORPUS;
    if (corpus !== undefined && corpus !== '') {
      expect(fs.existsSync(corpus), `VIRTDESK_XML_CORPUS=${corpus} does not exist`).toBe(true);
      const extra = runAll(path.resolve(corpus), `xml round trip (corpus ${corpus})`);
      expect(extra.failures).toEqual([]);
    }
  }, 600_000);
});
