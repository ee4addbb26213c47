import { liveCaptionsContract } from '../../captions/live-captions.contract.js';
import { civicContract } from '../../civic/civic.contract.js';
import { jobsContract } from '../../jobs/jobs.contract.js';
import { liveContract } from '../../live/live.contract.js';
import { questionsContract } from '../../questions/questions.contract.js';
import { alarmsContract } from '../../recording/alarms.contract.js';

/** Every socket.io namespace the server serves, by its contract table (nist.ts puts the handshake check on each). */
export const socketContracts = [liveContract, questionsContract, civicContract, jobsContract, alarmsContract, liveCaptionsContract] as const;
