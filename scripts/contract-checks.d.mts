export function contractChecksDefine(env?: NodeJS.ProcessEnv): { STRATA_CONTRACT_CHECKS: 'true' | 'false' };
