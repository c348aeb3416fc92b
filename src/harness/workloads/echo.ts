/**
 * The echo workload (SPEC §2.1): "Please echo <r>" with r in [0, 128); the ok value is the whole
 * reply body; the client is not reusable.
 */
import { checkEcho } from '../checkers/echo.js';
import { withErrors, type Workload } from '../workload.js';
import { repeat } from './generators.js';

const NONE = new Set<string>();

/** The echo workload. */
export const echo: Workload = {
  name: 'echo',
  reusableClient: false,
  generator: (options) => repeat(() => ({ f: 'echo', value: `Please echo ${Math.floor(options.random() * 128)}` })),
  client: () => ({
    async invoke(op, rpc) {
      const outcome = await rpc.call({ type: 'echo', echo: op.value }, { type: 'echo_ok', response: { echo: 'any' } });
      return withErrors(outcome, op, NONE, (body) => body);
    },
  }),
  check: (history) => checkEcho(history),
};
