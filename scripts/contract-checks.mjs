// Whether a build parses every output and event against the contract (CONTRACT_CHECKS in
// shared/rpc/dispatcher.ts): a production build does not (the default), a development build
// does (STRATA_CONTRACT_CHECKS=1 when building: `STRATA_CONTRACT_CHECKS=1 npm run build`).
// From source (tsx, vitest) there is no build, nothing is defined, and the checks are on.
/** @param {NodeJS.ProcessEnv} [env] */
export function contractChecksDefine(env = process.env) {
  return { STRATA_CONTRACT_CHECKS: env.STRATA_CONTRACT_CHECKS === '1' ? 'true' : 'false' };
}
