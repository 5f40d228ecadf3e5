export { RuleTester, runCase, type ExpectedError, type InvalidCase, type ValidCase } from './rule-tester.js';
export { projectModel } from './model.js';
