// opencc-js publishes its traditional→simplified bundle as the `opencc-js/t2cn` export, whose
// types are those of the package root; TypeScript's `node10` resolution cannot see package
// `exports`, so this names them.
declare module 'opencc-js/t2cn' {
  export { Converter, Locale } from 'opencc-js';
}
