// The node typecheck (tsconfig.node.json) sees these tests but not the renderer's .vue files;
// vue-tsc checks the components themselves (tsconfig.web.json).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<Record<string, unknown>, Record<string, unknown>, unknown>;
  export default component;
}
