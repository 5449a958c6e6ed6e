// The compiler the extension's engine and parse worker share, bundled once into dist/compiler.js:
// each of them requires it only when it first parses, so loading the engine to start a scan does
// not compile TypeScript on the extension host's thread (esbuild.js points their `ts-morph` here).
export { ts } from 'ts-morph';
