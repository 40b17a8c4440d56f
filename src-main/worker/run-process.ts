/** Entry of a run process (utilityProcess in the app, child_process.fork elsewhere). */
import { RunHost } from './run-host.ts';
import { connectToParent } from './transport.ts';

const host = new RunHost(connectToParent(), (code) => process.exit(code));
host.listen();
process.on('disconnect', () => process.exit(0));
