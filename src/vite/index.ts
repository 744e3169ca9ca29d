/// <reference types="node" />
// tiercache/vite: builds the app's service worker and serves it at the root, so it can control
// the whole app. `vite build` (and so `vite preview`) gets `sw.js`, an ES module worker, with
// the build's file list at its top for serveCache to precache; `vite dev` serves the same URL
// from the source, without a file list (nothing is precached in development).
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, normalizePath, type Plugin, type ResolvedConfig } from 'vite';

export interface TiercacheViteOptions {
  /** The service worker's source, from the project root, e.g. 'src/sw.ts'. */
  worker: string;
  /** The URL path of the built worker under `base`. Default 'sw.js'. */
  fileName?: string;
}

/** The global the worker reads its file list from (see src/sw/precache.ts). */
const BUILD_GLOBAL = '__TIERCACHE_PRECACHE__';

export function tiercache(options: TiercacheViteOptions): Plugin {
  if (typeof options !== 'object' || options === null || typeof options.worker !== 'string' || options.worker === '') {
    throw new TypeError("tiercache({ worker }): worker must be the path of your service worker's source, like 'src/sw.ts'");
  }
  const fileName = options.fileName ?? 'sw.js';
  if (!/^[\w.-]+\.js$/.test(fileName)) throw new TypeError(`tiercache({ fileName }): a plain file name ending in .js, got ${fileName}`);
  let config: ResolvedConfig;

  return {
    name: 'tiercache',
    config: () => ({
      // Found only through the worker, which no page imports: pre-bundle it up front, so dev
      // does not discover it late and reload.
      optimizeDeps: { include: ['tiercache/sw'] },
    }),
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      const url = `${server.config.base}${fileName}`;
      const source = normalizePath(path.relative(server.config.root, path.resolve(server.config.root, options.worker)));
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== url) return next();
        res.setHeader('Content-Type', 'text/javascript');
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('Service-Worker-Allowed', server.config.base);
        // A module worker importing the source that Vite transforms; no file list: nothing precached in dev.
        res.end(`import ${JSON.stringify(server.config.base + source)};\n`);
      });
    },
    async writeBundle(output, bundle) {
      if (config.build.ssr) return;
      const outDir = output.dir ?? path.resolve(config.root, config.build.outDir);
      const files = Object.values(bundle)
        .filter((file) => !file.fileName.endsWith('.map') && file.fileName !== fileName)
        .map((file) => ({
          url: config.base + file.fileName,
          revision: revisionOf(file.type === 'chunk' ? file.code : file.source),
        }))
        .concat(config.build.copyPublicDir && config.publicDir ? await publicFiles(config) : [])
        .sort((a, b) => (a.url < b.url ? -1 : 1));
      const code = await buildWorker(config, path.resolve(config.root, options.worker));
      await writeFile(path.join(outDir, fileName), `self.${BUILD_GLOBAL} = ${JSON.stringify(files)};\n${code}`);
    },
  };
}

/** The files copied from public/ (favicon, icons…): the shell needs them offline too. */
async function publicFiles(config: ResolvedConfig): Promise<{ url: string; revision: string }[]> {
  const names = await readdir(config.publicDir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = names.filter((entry) => entry.isFile());
  return Promise.all(
    files.map(async (entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return { url: config.base + normalizePath(path.relative(config.publicDir, full)), revision: revisionOf(await readFile(full)) };
    }),
  );
}

function revisionOf(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/** The worker as one ES module (a service worker cannot load chunks with import()), built apart from the app. */
async function buildWorker(config: ResolvedConfig, input: string): Promise<string> {
  const result = await build({
    configFile: false,
    root: config.root,
    mode: config.mode,
    base: config.base,
    define: config.define,
    resolve: { alias: config.resolve.alias },
    publicDir: false,
    logLevel: 'warn',
    build: {
      write: false,
      target: 'es2022',
      minify: config.build.minify,
      sourcemap: false,
      copyPublicDir: false,
      modulePreload: false,
      rollupOptions: { input, output: { format: 'es', inlineDynamicImports: true, entryFileNames: 'sw.js' } },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const out of outputs) {
    if (!('output' in out)) continue;
    const chunk = out.output.find((o) => o.type === 'chunk' && o.isEntry);
    if (chunk && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error(`tiercache: building the worker ${input} produced no code`);
}
