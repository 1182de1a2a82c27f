/**
 * What a first visit downloads, from the build's Vite manifest: the JavaScript chunks a page loads
 * (its entry and lazy modules with everything they import statically), gzipped. The build prints
 * it (vite.config.ts) and test/web/bundle-budget.test.ts holds each page under the budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 300 * 1024;

/** The modules each measured page loads, as manifest keys (paths relative to web/). */
export const PAGES: Record<string, string[]> = {
  'storefront /': ['index.html'],
  'back office /admin': ['index.html', 'src/admin/Shell.tsx', 'src/admin/dashboard/DashboardPage.tsx'],
};

interface ManifestChunk {
  file: string;
  imports?: string[];
}

export interface PageWeight {
  page: string;
  files: string[];
  gzipBytes: number;
}

export function measurePages(dist: string): PageWeight[] {
  const manifestPath = path.join(dist, '.vite', 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  return Object.entries(PAGES).map(([page, keys]) => {
    const files = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk) throw new Error(`${manifestPath} has no entry ${key}: update PAGES in web/bundle-size.ts`);
      if (files.has(chunk.file)) return;
      files.add(chunk.file);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    keys.forEach(visit);
    const js = [...files].filter((f) => f.endsWith('.js'));
    const gzipBytes = js.reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(dist, f))).length, 0);
    return { page, files: js, gzipBytes };
  });
}

export function describeWeights(weights: PageWeight[]): string {
  return weights
    .map(
      (w) =>
        `${w.page}: ${(w.gzipBytes / 1024).toFixed(1)} KB of JavaScript gzipped in ${w.files.length} chunks ` +
        `(budget ${BUDGET_BYTES / 1024} KB)`,
    )
    .join('\n');
}
