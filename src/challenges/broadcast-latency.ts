/** Challenge 3 (broadcast) fixed in latency mode: every value straight to every peer. */
import { broadcastNode } from './broadcast.js';

export default broadcastNode('latency');
