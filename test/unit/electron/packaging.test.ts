// The installed app's hardening: electron-builder flips Electron's fuses at package time
// (package.json build.electronFuses), and a packaged build ignores ELECTRON_RENDERER_URL. The
// fuse names are checked against electron-builder's own schema, so a renamed key cannot be
// silently ignored.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devServerUrl } from '../../../src/main/transports/electron/appUrl';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  build: { asar?: unknown; electronFuses?: Record<string, unknown> };
};
const schema = JSON.parse(
  readFileSync(join(ROOT, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'),
) as {
  properties: Record<string, unknown>;
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
};

describe('electron-builder fuses', () => {
  it('turns off RunAsNode, NODE_OPTIONS and --inspect; turns on cookie encryption and asar-only loading with integrity checks', () => {
    expect(pkg.build.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    // onlyLoadAppFromAsar needs the app in an asar.
    expect(pkg.build.asar).toBe(true);
  });

  it("uses key names electron-builder's schema knows", () => {
    expect(schema.properties).toHaveProperty('electronFuses');
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
    for (const key of Object.keys(pkg.build.electronFuses ?? {})) expect(known).toContain(key);
  });
});

describe('devServerUrl', () => {
  const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
  it('honours ELECTRON_RENDERER_URL only when the app is not packaged', () => {
    expect(devServerUrl(false, env)).toBe('http://localhost:5173');
    expect(devServerUrl(true, env)).toBeUndefined();
    expect(devServerUrl(false, {})).toBeUndefined();
    expect(devServerUrl(false, { ELECTRON_RENDERER_URL: '' })).toBeUndefined();
  });
});
