/**
 * The layers of archwalk and the only directions they may depend on (`npm run lint:layers`,
 * part of `npm run lint` and of CI; README "Layers" says the same):
 *
 *   renderer (src-renderer)            → shared
 *   electron, server, cli              → services, nas, shared (cli → server for `archwalk serve`)
 *   services                           → nas, shared
 *   worker (the run process)           → nas, shared
 *   nas (the pure NAS library)         → nas only
 *   shared (contracts, config schema)  → shared only
 *
 * npm packages and Node's built-ins are allowed everywhere except where a rule below says
 * otherwise (shared and the renderer run in the browser too; nas stays free of the app's
 * database). Tests, benchmarks and scripts may import anything.
 */
const LAYERS = ['nas', 'shared', 'services', 'worker', 'server', 'cli', 'electron'];
const main = (layer) => `^src-main/${layer}/`;
const mainExcept = (...allowed) => `^src-main/(${LAYERS.filter((l) => !allowed.includes(l)).join('|')})/`;

/** A forbidden dependency; every layer rule is an error. */
const rule = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

module.exports = {
  forbidden: [
    rule('nas-is-pure', 'src-main/nas is the pure library: it imports only itself (and npm packages); outer layers pass it what it needs (types, hyperparameters, a result cache)',
      { path: main('nas') }, { path: mainExcept('nas') }),
    rule('nas-opens-no-database', 'the app\'s database belongs to services (beside the migrations); nas declares the interface it needs (e.g. LiveResultCache) and is handed an implementation',
      { path: main('nas') }, { dependencyTypes: ['core'], path: '^(node:)?sqlite$' }),
    rule('shared-imports-only-shared', 'src-main/shared is the contract the renderer and the main process share: it imports nothing from the other layers',
      { path: main('shared') }, { path: mainExcept('shared') }),
    rule('shared-runs-in-the-browser', 'the renderer imports src-main/shared, so shared may not use Node built-ins or node:sqlite',
      { path: main('shared') }, { dependencyTypes: ['core'] }),
    rule('renderer-imports-only-shared', 'the renderer talks to the main process through the Api in src-main/shared only',
      { path: '^src-renderer/' }, { path: '^src-main/', pathNot: main('shared') }),
    rule('renderer-runs-in-the-browser', 'the renderer is served to browsers: no Node built-ins',
      { path: '^src-renderer/' }, { dependencyTypes: ['core'] }),
    rule('services-below-the-shells', 'services are used by electron, server and cli, never the other way round, and reach the run process only by starting it',
      { path: main('services') }, { path: mainExcept('services', 'nas', 'shared') }),
    rule('worker-below-services', 'the run process works from its start message (shared/worker-protocol.ts) with the pure library; it does not open the app\'s services',
      { path: main('worker'), pathNot: '^src-main/worker/benchmark-loader[.]ts$' }, { path: mainExcept('worker', 'nas', 'shared') }),
    rule('worker-opens-only-the-result-cache', 'one exception: the run process\'s benchmark loader hands live benchmarks the store\'s result cache (the SQLite implementation lives beside the migrations)',
      { path: '^src-main/worker/benchmark-loader[.]ts$' }, { path: main('services'), pathNot: '^src-main/services/live-result-store[.]ts$' }),
    rule('result-cache-stands-alone', 'the run process loads services/live-result-store.ts, so it must not pull in the rest of services',
      { path: '^src-main/services/live-result-store[.]ts$' }, { path: mainExcept('nas') , pathNot: '^src-main/services/live-result-store[.]ts$' }),
    rule('server-and-electron-are-shells', 'the browser server and the Electron shell sit on the services; neither reaches into the other, the cli or the run process',
      { path: '^src-main/(server|electron)/' }, { path: '^src-main/(cli|worker)/' }),
    rule('server-and-electron-apart', '',
      { path: main('server') }, { path: main('electron') }),
    rule('electron-and-server-apart', '',
      { path: main('electron') }, { path: main('server') }),
    rule('cli-is-a-shell', 'the cli may start the browser server, but not reach into electron or the run process',
      { path: main('cli') }, { path: '^src-main/(electron|worker)/' }),
    rule('no-unresolvable-imports', 'an import that does not resolve is a typo or a dependency missing from package.json',
      {}, { couldNotResolve: true }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // type-only imports count: a layer that names another layer's types depends on it
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    // package.json "imports" (#shared/*) and "exports" resolve as Node and Vite resolve them
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.vue', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
