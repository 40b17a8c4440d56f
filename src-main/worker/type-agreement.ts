/**
 * The config schema (shared) and the pure library (nas) may not import each other, so where both
 * name the same things the run process, which sees both, makes the compiler compare them.
 */

/** `true` when A and B are mutually assignable, `never` otherwise (so `const x: Same<A, B> = true` fails to compile). */
export type Same<A, B> = [A, B] extends [B, A] ? true : never;
