/**
 * The boundaries of the code, checked by `npm run lint` (DEVELOPERS.md, "Where features live").
 * A domain is a folder of packages/api/src; other code reaches it only through its index.ts.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-domain-cycles',
      comment:
        'Domains depend on each other in one direction only. A reaction in the other direction ' +
        'is a hook (deps.hooks), registered where the app is wired.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^packages/api/src/[^/]+' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'No runtime import cycles between files of the packages and the server (type-only ones are erased).',
      severity: 'error',
      from: { path: '^(packages|apps/server)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-web-cycles',
      comment:
        'No import cycles between files of the web app, type-only ones included. The router imports ' +
        'every page, so nothing a page uses imports the router (router/routes.ts and router/navigation.ts ' +
        'hold what pages need); the parts of a composable never import the composable.',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { circular: true },
    },
    {
      name: 'no-deep-imports-across-domains',
      comment: "Another domain's files are its own: import its index.ts.",
      severity: 'error',
      from: { path: '^packages/api/src/([^/]+)/', pathNot: '^packages/api/src/routers/' },
      to: {
        path: '^packages/api/src/[^/]+/',
        pathNot: ['^packages/api/src/$1/', '^packages/api/src/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'routers-use-other-domains-through-index',
      comment:
        "routers/<domain>.ts is its domain's router: it may use that folder's files, others only through index.ts.",
      severity: 'error',
      from: { path: '^packages/api/src/routers/([^/.]+)\\.ts$' },
      to: {
        path: '^packages/api/src/(?!routers/)[^/]+/',
        pathNot: ['^packages/api/src/$1/', '^packages/api/src/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'api-root-files-use-domains-through-index',
      comment:
        'The shared files at the root of packages/api/src (deps, trpc, context, root) see domains only through index.ts.',
      severity: 'error',
      from: { path: '^packages/api/src/[^/]+\\.ts$' },
      to: { path: '^packages/api/src/[^/]+/', pathNot: '^packages/api/src/[^/]+/index\\.ts$' },
    },
    {
      name: 'db-does-not-import-api',
      comment: 'packages/db is below the api: it knows collections, not features.',
      severity: 'error',
      from: { path: '^packages/db/' },
      to: { path: '^(packages/api|apps)/' },
    },
    {
      name: 'validators-import-nothing-of-ours',
      comment: 'The shared shapes are the bottom layer.',
      severity: 'error',
      from: { path: '^packages/validators/' },
      to: { path: '^(packages/(api|db)|apps)/' },
    },
    {
      name: 'web-imports-only-api-types',
      comment: "The browser gets the api's types (import type), never its code.",
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { path: '^packages/api/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-imports-only-api-and-validators',
      comment: 'The web app talks to the server over tRPC; it may not reach into the database or the server.',
      severity: 'error',
      from: { path: '^apps/web/src/' },
      to: { path: '^(packages/(?!api/|validators/)|apps/(?!web/))' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|coverage|\\.turbo)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'default'],
      extensions: ['.ts', '.vue', '.js', '.mjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
