import fs from 'node:fs';
import path from 'node:path';
import { parseXml, type XmlDocument } from '../../../src/shared/libvirt-xml';

// libvirt's own test documents, shared by every checkout (see SOURCE.txt there). The path is
// relative to this file so the suite works wherever the repo and its sibling shared/ dir live.
export const FIXTURES = path.resolve(__dirname, '../../fixtures/libvirt-xml');

/** Every *.xml file under `dir`, recursively, as paths relative to it, sorted. */
export function listXml(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.endsWith('.xml') && fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

export function readFixture(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
}

export function parseFixture(rel: string, root?: string): XmlDocument {
  return parseXml(readFixture(rel), root === undefined ? {} : { root });
}
